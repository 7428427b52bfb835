package io.costwise;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The published API contract. {@code openapi/costwise.yaml} is generated from it; a test fails when
 * the two drift apart.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static final String API_KEY = "apiKey";

	static final String SESSION = "session";

	@Bean
	OpenAPI costwiseOpenApi() {
		return new OpenAPI()
			.info(new Info().title("Costwise API")
				.version("v1")
				.description("""
						Prices AI workload telemetry with the cost model Σ C·T / R, recommends cheaper \
						configurations and verifies the savings. Machines authenticate with an API key as a \
						bearer token; people with a session cookie plus the XSRF-TOKEN cookie echoed in the \
						X-XSRF-TOKEN header on state-changing requests. Errors are RFC 9457 problems."""))
			.components(new Components()
				.addSecuritySchemes(API_KEY,
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.description("An API key: 'Authorization: Bearer cw_…'"))
				.addSecuritySchemes(SESSION,
						new SecurityScheme().type(SecurityScheme.Type.APIKEY)
							.in(SecurityScheme.In.COOKIE)
							.name("COSTWISE_SESSION")
							.description("The session cookie set by POST /api/v1/session or /api/v1/signup")))
			.addSecurityItem(new SecurityRequirement().addList(API_KEY))
			.addSecurityItem(new SecurityRequirement().addList(SESSION));
	}
}
