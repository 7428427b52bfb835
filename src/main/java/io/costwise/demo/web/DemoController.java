package io.costwise.demo.web;

import io.costwise.demo.Demo;
import io.costwise.demo.DemoSignIn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
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
			description = "Public, for the sign-in page. Answers 204 (nothing to offer) where the installation has no "
					+ "demo organisation: always in production, and wherever the database was in use without it.")
	@ApiResponse(responseCode = "200", description = "How to sign in to the demo organisation",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = DemoSignIn.class)))
	@ApiResponse(responseCode = "204", description = "No demo organisation here", content = @Content)
	ResponseEntity<DemoSignIn> signIn() {
		return demo.signIn().map(ResponseEntity::ok).orElseGet(() -> ResponseEntity.noContent().build());
	}
}
