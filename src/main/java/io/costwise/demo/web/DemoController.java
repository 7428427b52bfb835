package io.costwise.demo.web;

import io.costwise.NotFoundException;
import io.costwise.demo.Demo;
import io.costwise.demo.DemoSignIn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/demo")
@Tag(name = "Demo", description = "The demo organisation of a local installation")
class DemoController {

	private final Demo demo;

	DemoController(Demo demo) {
		this.demo = demo;
	}

	@GetMapping
	@SecurityRequirements
	@Operation(operationId = "demoSignIn", summary = "How to sign in to the demo organisation",
			description = "Public, for the sign-in page. Answers 404 where the installation offers no demo "
					+ "organisation: always in production, and wherever the database was in use without it.")
	DemoSignIn signIn() {
		return demo.signIn().orElseThrow(() -> new NotFoundException("A demo organisation"));
	}
}
