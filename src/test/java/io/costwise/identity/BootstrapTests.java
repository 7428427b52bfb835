package io.costwise.identity;

import io.costwise.CostwiseTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static io.costwise.Callers.bearer;
import static org.assertj.core.api.Assertions.assertThat;

@CostwiseTest
@TestPropertySource(properties = { "costwise.bootstrap.email=Ops@Example.com",
		"costwise.bootstrap.password=a long bootstrap password",
		"costwise.bootstrap.api-key=cw_bootstrap_0123456789abcdefghijklmnopqrstuv" })
class BootstrapTests {

	static final String KEY = "cw_bootstrap_0123456789abcdefghijklmnopqrstuv";

	@Autowired
	MockMvcTester mvc;

	@Autowired
	Bootstrap bootstrap;

	@Autowired
	JdbcClient jdbc;

	@Test
	void startUpCreatesTheOwnerAndTheirApiKey() {
		assertThat(mvc.get().uri("/api/v1/members").with(bearer(KEY))).hasStatusOk()
			.bodyJson()
			.extractingPath("$.items[0].email")
			.isEqualTo("ops@example.com");
	}

	@Test
	void startingAgainChangesNothing() throws Exception {
		bootstrap.run(null);
		bootstrap.run(null);

		assertThat(jdbc.sql("select count(*) from users where email = 'ops@example.com'").query(Long.class).single())
			.isEqualTo(1);
		assertThat(jdbc.sql("select count(*) from api_keys where name = 'bootstrap' and prefix = 'cw_bootstra'")
			.query(Long.class)
			.single()).isEqualTo(1);
	}
}
