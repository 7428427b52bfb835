package io.costwise;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

@CostwiseTest
class OperationsTests {

	@Autowired
	MockMvcTester mvc;

	@Test
	void readinessIncludesTheDatabase() {
		assertThat(mvc.get().uri("/actuator/health/readiness")).hasStatusOk()
			.bodyJson()
			.extractingPath("$.status")
			.isEqualTo("UP");
	}

	@Test
	void livenessAnswersWithoutCredentials() {
		assertThat(mvc.get().uri("/actuator/health/liveness")).hasStatusOk();
	}

	@Test
	void prometheusScrapesMetrics() {
		var result = mvc.get().uri("/actuator/prometheus").exchange();

		assertThat(result).hasStatusOk();
		assertThat(result).bodyText().contains("jvm_memory_used_bytes", "hikaricp_connections");
	}
}
