package io.costwise.telemetry;

import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.sql.Timestamp;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the monthly partitions of the sample table: creates the coming months ahead of time, so that
 * live ingestion never waits for DDL, and drops months whose samples are past the retention period.
 * Rollups are kept. With several instances, one of them does the work (an advisory lock).
 */
@Component
class SamplePartitions {

	private static final Logger log = LoggerFactory.getLogger(SamplePartitions.class);

	/** Any constant shared by all instances; names the lock in pg_locks. */
	private static final long LOCK = 0x436f737477697365L;

	private static final int MONTHS_AHEAD = 3;

	private final SampleWriter writer;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final TelemetryProperties properties;

	private final Clock clock;

	SamplePartitions(SampleWriter writer, JdbcClient jdbc, PlatformTransactionManager transactionManager,
			TelemetryProperties properties, Clock clock) {
		this.writer = writer;
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactionManager);
		this.properties = properties;
		this.clock = clock;
	}

	@EventListener(ApplicationReadyEvent.class)
	void onStart() {
		maintain();
	}

	@Scheduled(cron = "${costwise.telemetry.partition-maintenance-cron:0 17 * * * *}")
	void maintain() {
		transactions.executeWithoutResult(status -> {
			if (!Boolean.TRUE.equals(jdbc.sql("select pg_try_advisory_xact_lock(?)").param(LOCK).query(Boolean.class).single())) {
				return;
			}
			YearMonth now = YearMonth.now(clock.withZone(ZoneOffset.UTC));
			writer.ensurePartitions(now, now.plusMonths(MONTHS_AHEAD + 1));
			Duration longest = properties.longestRetention();
			List<String> dropped = dropBefore(clock.instant().minus(longest));
			if (!dropped.isEmpty()) {
				log.info("Dropped sample partitions past the {}-day retention: {}", longest.toDays(), dropped);
			}
			expireShorterRetentions(longest);
		});
	}

	/**
	 * Tenants that keep raw samples for less time than the partitions live lose their older rows: the
	 * only case where rows are deleted rather than partitions dropped.
	 */
	void expireShorterRetentions(Duration longest) {
		java.util.UUID[] exceptions = properties.tenants().keySet().toArray(java.util.UUID[]::new);
		if (properties.rawRetention().compareTo(longest) < 0) {
			delete(properties.rawRetention(), exceptions, false);
		}
		properties.tenants().keySet().forEach(tenant -> {
			Duration retention = properties.rawRetention(tenant);
			if (retention.compareTo(longest) < 0) {
				delete(retention, new java.util.UUID[] { tenant }, true);
			}
		});
	}

	private void delete(Duration retention, java.util.UUID[] tenants, boolean only) {
		long deleted = jdbc.sql("select delete_samples_before(?, ?, ?)")
			.param(Timestamp.from(clock.instant().minus(retention)))
			.param(tenants)
			.param(only)
			.query(Long.class)
			.single();
		if (deleted > 0) {
			log.info("Deleted {} raw samples past a {}-day retention", deleted, retention.toDays());
		}
	}

	List<String> dropBefore(java.time.Instant cutoff) {
		return jdbc.sql("select drop_sample_partitions_before(?)")
			.param(Timestamp.from(cutoff))
			.query(String.class)
			.list();
	}
}
