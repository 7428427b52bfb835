package io.costwise.demo;

import java.net.URI;

import io.costwise.TestInfrastructure;
import io.costwise.identity.Accounts;
import io.costwise.recommendation.Recommendations;
import io.costwise.telemetry.SampleIngestion;
import io.costwise.telemetry.Workloads;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A production installation never gets a demo organisation with its published password, not even on
 * an empty database. (Structured logs are turned off here so that they do not outlive this context.)
 */
@SpringBootTest(properties = "logging.structured.format.console=")
@ActiveProfiles("production")
@AutoConfigureMockMvc
@ContextConfiguration(initializers = TestInfrastructure.EmptyDatabase.class)
@DirtiesContext
class DemoInProductionTests {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	JdbcClient jdbc;

	@Test
	void anEmptyDatabaseGetsNoDemoAndTheSignInPageOffersNone() {
		assertThat(mvc.get().uri("/api/v1/demo")).hasStatus(HttpStatus.NO_CONTENT);
		assertThat(jdbc.sql("select count(*) from tenants").query(Long.class).single()).isZero();
		assertThat(jdbc.sql("select count(*) from users").query(Long.class).single()).isZero();
	}

	@Test
	void enablingTheDemoInProductionIsRefused(@Autowired Accounts accounts, @Autowired DemoFleet fleet,
			@Autowired SampleIngestion ingestion, @Autowired Workloads workloads, @Autowired Recommendations recommendations,
			@Autowired JsonMapper json) {
		var enabled = new DemoProperties(true, "demo@costwise.local", "costwise-demo", "Costwise Demo", 1, 60);
		var production = new MockEnvironment();
		production.setActiveProfiles("production");
		var demo = new Demo(enabled);
		var seeding = new DemoSeeding(enabled, production, accounts, fleet, ingestion, workloads, recommendations, demo, json,
				URI.create("http://localhost:8080"));

		seeding.run(null);

		assertThat(demo.signIn()).isEmpty();
		assertThat(jdbc.sql("select count(*) from tenants").query(Long.class).single()).isZero();
	}
}
