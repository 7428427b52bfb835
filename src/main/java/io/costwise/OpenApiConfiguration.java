package io.costwise;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
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

	/**
	 * Every operation may answer with a problem; the schema says what clients can rely on in it.
	 */
	@Bean
	OpenApiCustomizer problemResponsesOnEveryOperation() {
		return openApi -> {
			openApi.getComponents().addSchemas("Problem", problemSchema());
			ApiResponse problem = new ApiResponse().description("An RFC 9457 problem")
				.content(new Content().addMediaType("application/problem+json",
						new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem"))));
			openApi.getPaths()
				.values()
				.forEach(path -> path.readOperations().forEach(operation -> operation.getResponses().addApiResponse("default", problem)));
		};
	}

	/**
	 * A nullable reference to another schema comes out of springdoc as {@code type: "null"} beside the
	 * {@code $ref}, which allows only null; say what is meant: the referenced schema or null.
	 */
	@Bean
	OpenApiCustomizer nullableReferences() {
		return openApi -> {
			if (openApi.getComponents() == null || openApi.getComponents().getSchemas() == null) {
				return;
			}
			openApi.getComponents().getSchemas().values().forEach(schema -> {
				Map<String, Schema> properties = schema.getProperties();
				if (properties == null) {
					return;
				}
				properties.replaceAll((name, property) -> property.get$ref() != null && property.getTypes() != null
						&& property.getTypes().equals(Set.of("null"))
								? new Schema<>().description(property.getDescription())
									.oneOf(List.of(new Schema<>().$ref(property.get$ref()), new Schema<>().types(Set.of("null"))))
								: property);
			});
		};
	}

	private static Schema<?> problemSchema() {
		Schema<Object> fieldProblem = new ObjectSchema().addProperty("pointer", new StringSchema().description("JSON pointer into the request body"))
			.addProperty("parameter", new StringSchema().description("name of the query or path parameter"))
			.addProperty("detail", new StringSchema());
		return new ObjectSchema().addProperty("type", new StringSchema())
			.addProperty("title", new StringSchema())
			.addProperty("status", new IntegerSchema())
			.addProperty("detail", new StringSchema())
			.addProperty("instance", new StringSchema())
			.addProperty("errors", new ArraySchema().items(fieldProblem).description("every invalid field"));
	}

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
