package io.costwise;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code openapi/costwise.yaml} is what the code serves at {@code /v3/api-docs.yaml}.
 */
@CostwiseTest
class OpenApiContractTests {

	static final Path CONTRACT = Path.of("openapi/costwise.yaml");

	static final String REGENERATE = "./mvnw test -Dtest=OpenApiContractTests -Dopenapi.write=true -Dfrontend.skip=true";

	@Autowired
	MockMvcTester mvc;

	@Test
	void thePublishedContractMatchesTheCode() throws IOException {
		String served = mvc.get().uri("/v3/api-docs.yaml").exchange().getResponse().getContentAsString(StandardCharsets.UTF_8);
		if (Boolean.getBoolean("openapi.write")) {
			Files.createDirectories(CONTRACT.getParent());
			Files.writeString(CONTRACT, served);
		}

		String published = Files.exists(CONTRACT) ? Files.readString(CONTRACT) : "";
		assertThat(published).as("openapi/costwise.yaml has drifted from the code; regenerate it with: " + REGENERATE)
			.isEqualTo(served);
	}

	@Test
	void theContractDescribesBothWaysToAuthenticate() throws IOException {
		String served = mvc.get().uri("/v3/api-docs.yaml").exchange().getResponse().getContentAsString(StandardCharsets.UTF_8);

		assertThat(served).contains("apiKey:", "scheme: bearer", "session:", "in: cookie", "COSTWISE_SESSION");
	}
}
