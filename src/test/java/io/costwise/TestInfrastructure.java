package io.costwise;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.support.TestPropertySourceUtils;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The real servers every integration test talks to, started once per test JVM: PostgreSQL (from
 * {@code TEST_DATABASE_URL}, else Testcontainers where a Docker engine answers, else an embedded
 * PostgreSQL) and GreenMail as the SMTP server.
 */
public final class TestInfrastructure implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	private static Database database;

	private static GreenMail mail;

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		install(context, properties());
	}

	/**
	 * Above the application's own configuration, below a test class's own properties
	 * ({@code @TestPropertySource}, {@code @SpringBootTest(properties)}), which may override these.
	 */
	private static void install(ConfigurableApplicationContext context, Map<String, Object> properties) {
		MutablePropertySources sources = context.getEnvironment().getPropertySources();
		MapPropertySource infrastructure = new MapPropertySource("costwise-test-infrastructure", properties);
		if (sources.contains(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME)) {
			sources.addAfter(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME, infrastructure);
		}
		else {
			sources.addFirst(infrastructure);
		}
	}

	/** The settings that point an application at the test servers. */
	public static Map<String, Object> properties() {
		Database db = database();
		// Tests backfill old months; retention would otherwise drop them between tests.
		return Map.of("spring.datasource.url", db.url(), "spring.datasource.username", db.username(),
				"spring.datasource.password", db.password(), "spring.mail.host", "127.0.0.1", "spring.mail.port",
				mail().getSmtp().getPort(), "costwise.telemetry.raw-retention", "36500d",
				// Tests recompute costs when they choose to, so none races a background round.
				"costwise.costing.recompute-delay", "1h", "costwise.recommendation.poll-delay", "1h",
				// Tests create their own organisations; the demo's is tested where it is asked for.
				"costwise.demo.enabled", false);
	}

	/**
	 * The test servers, with an empty database of the context's own: for tests of what a fresh
	 * installation does on its first start.
	 */
	public static final class EmptyDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			Database empty = freshDatabaseOn(database());
			Map<String, Object> properties = new HashMap<>(properties());
			properties.put("spring.datasource.url", empty.url());
			install(context, properties);
		}
	}

	public static synchronized GreenMail mail() {
		if (mail == null) {
			mail = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
			mail.start();
			Runtime.getRuntime().addShutdownHook(new Thread(mail::stop));
		}
		return mail;
	}

	static synchronized Database database() {
		if (database == null) {
			database = startDatabase();
		}
		return database;
	}

	private static Database startDatabase() {
		String url = System.getenv("TEST_DATABASE_URL");
		if (url != null && !url.isBlank()) {
			String user = System.getenv().getOrDefault("TEST_DATABASE_USER", "postgres");
			String password = System.getenv().getOrDefault("TEST_DATABASE_PASSWORD", "");
			return freshDatabaseOn(new Database(url, user, password));
		}
		if (dockerAnswers()) {
			PostgreSQLContainer container = new PostgreSQLContainer("postgres:17");
			container.start();
			return new Database(container.getJdbcUrl(), container.getUsername(), container.getPassword());
		}
		try {
			// The C locale exists on every machine, whatever its language settings, and sorts text the same on each.
			EmbeddedPostgres postgres = EmbeddedPostgres.builder().setLocaleConfig("locale", "C").start();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(postgres)));
			return new Database(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A database of this run's own on a shared server, so that runs never see each other's data. */
	private static Database freshDatabaseOn(Database server) {
		String name = "costwise_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		try (Connection connection = DriverManager.getConnection(server.url(), server.username(), server.password());
				Statement statement = connection.createStatement()) {
			statement.execute("create database " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot create a test database on the test server", ex);
		}
		String url = server.url().replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + name);
		return new Database(url, server.username(), server.password());
	}

	private static boolean dockerAnswers() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException | LinkageError ex) {
			return false;
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void closeQuietly(EmbeddedPostgres postgres) {
		try {
			postgres.close();
		}
		catch (IOException ignored) {
			// the JVM is exiting
		}
	}

	record Database(String url, String username, String password) {
	}
}
