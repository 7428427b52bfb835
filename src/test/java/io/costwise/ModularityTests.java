package io.costwise;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The modules of DESIGN.md §2 depend on each other only as allowed, and only through their APIs.
 */
class ModularityTests {

	ApplicationModules modules = ApplicationModules.of(CostwiseApplication.class);

	@Test
	void modulesRespectTheirAllowedDependencies() {
		modules.verify();
	}

	@Test
	void writesTheModuleDocumentation() {
		new Documenter(modules).writeDocumentation();
	}
}
