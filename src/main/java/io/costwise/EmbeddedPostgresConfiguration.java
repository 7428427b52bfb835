package io.costwise;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Starts a PostgreSQL of its own when no {@code spring.datasource.url} is configured, so that a fresh
 * clone runs with one command. Its data stays under {@code ~/.costwise/} across restarts.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedPostgresConfiguration.NoDataSourceUrl.class)
class EmbeddedPostgresConfiguration {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

	@Bean(destroyMethod = "close")
	EmbeddedPostgres embeddedPostgres(EmbeddedDatabaseProperties properties) throws IOException {
		Path dataDirectory = properties.dataDirectory().toAbsolutePath();
		Files.createDirectories(dataDirectory);
		stopLeftoverServer(dataDirectory);
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setDataDirectory(dataDirectory)
			.setCleanDataDirectory(false)
			// Spring stops it last (destroyMethod), after graceful shutdown finished its database work.
			.setRegisterShutdownHook(false)
			.setPGStartupWait(Duration.ofSeconds(60))
			// A new data directory gets the C locale: it exists on every machine, whatever its language settings.
			.setLocaleConfig("locale", "C");
		if (properties.port() > 0) {
			builder.setPort(properties.port());
		}
		EmbeddedPostgres postgres = builder.start();
		log.info("Using embedded PostgreSQL on port {} with its data in {} (set spring.datasource.url to use another server)",
				postgres.getPort(), dataDirectory);
		return postgres;
	}

	@Bean
	@ConfigurationProperties("spring.datasource.hikari")
	HikariDataSource dataSource(EmbeddedPostgres postgres) {
		return DataSourceBuilder.create()
			.type(HikariDataSource.class)
			.url(postgres.getJdbcUrl("postgres", "postgres"))
			.username("postgres")
			.build();
	}

	/**
	 * A JVM killed with {@code kill -9} leaves its postgres running and holding the data directory;
	 * stop it rather than fail to start.
	 */
	private static void stopLeftoverServer(Path dataDirectory) throws IOException {
		Path pidFile = dataDirectory.resolve("postmaster.pid");
		if (!Files.exists(pidFile)) {
			return;
		}
		String firstLine = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
		if (!firstLine.matches("\\d+")) {
			return;
		}
		ProcessHandle.of(Long.parseLong(firstLine)).filter(ProcessHandle::isAlive).ifPresent(leftover -> {
			log.warn("Stopping the embedded PostgreSQL (pid {}) left running by an earlier start", leftover.pid());
			leftover.destroy();
			try {
				leftover.onExit().get(30, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				leftover.destroyForcibly();
			}
		});
	}

	static class NoDataSourceUrl implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			String url = context.getEnvironment().getProperty("spring.datasource.url");
			return url == null || url.isBlank();
		}
	}

	@ConfigurationProperties("costwise.embedded-database")
	record EmbeddedDatabaseProperties(Path dataDirectory, int port) {

		EmbeddedDatabaseProperties {
			if (dataDirectory == null) {
				dataDirectory = Path.of(System.getProperty("user.home"), ".costwise", "pgdata");
			}
		}
	}
}
