package io.costwise;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database {@code ./mvnw spring-boot:run} starts when none is configured.
 */
class EmbeddedPostgresTests {

	@TempDir
	Path dataDirectory;

	EmbeddedPostgresConfiguration configuration = new EmbeddedPostgresConfiguration();

	@Test
	void dataSurvivesARestart() throws Exception {
		var properties = new EmbeddedPostgresConfiguration.EmbeddedDatabaseProperties(dataDirectory, 0);
		try (EmbeddedPostgres first = configuration.embeddedPostgres(properties)) {
			execute(first, "create table kept (answer int); insert into kept values (42)");
		}

		try (EmbeddedPostgres second = configuration.embeddedPostgres(properties)) {
			assertThat(queryInt(second, "select answer from kept")).isEqualTo(42);
		}
	}

	@Test
	void aServerLeftRunningByAKilledJvmIsStoppedAndItsDataKept() throws Exception {
		Process killed = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), KilledJvm.class.getName(), dataDirectory.toString())
			.redirectErrorStream(true)
			.start();
		try (var output = new BufferedReader(new InputStreamReader(killed.getInputStream()))) {
			assertThat(output.lines().filter(line -> line.equals("ready")).findFirst()).isPresent();
			killed.destroyForcibly().waitFor();
		}
		assertThat(dataDirectory.resolve("postmaster.pid")).exists();

		var properties = new EmbeddedPostgresConfiguration.EmbeddedDatabaseProperties(dataDirectory, 0);
		try (EmbeddedPostgres next = configuration.embeddedPostgres(properties)) {
			assertThat(queryInt(next, "select answer from kept")).isEqualTo(7);
		}
	}

	/** Starts the embedded database, writes a row and waits to be killed with SIGKILL. */
	static class KilledJvm {

		public static void main(String[] args) throws Exception {
			var properties = new EmbeddedPostgresConfiguration.EmbeddedDatabaseProperties(Path.of(args[0]), 0);
			EmbeddedPostgres postgres = new EmbeddedPostgresConfiguration().embeddedPostgres(properties);
			execute(postgres, "create table kept (answer int); insert into kept values (7)");
			System.out.println("ready");
			System.out.flush();
			Thread.sleep(Duration.ofMinutes(5).toMillis());
		}
	}

	private static void execute(EmbeddedPostgres postgres, String sql) throws Exception {
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static int queryInt(EmbeddedPostgres postgres, String sql) throws Exception {
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getInt(1);
		}
	}
}
