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

	private final Duration retention;

	private final Clock clock;

	SamplePartitions(SampleWriter writer, JdbcClient jdbc, PlatformTransactionManager transactionManager,
			TelemetryProperties properties, Clock clock) {
		this.writer = writer;
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactionManager);
		this.retention = properties.rawRetention();
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
			List<String> dropped = dropBefore(clock.instant().minus(retention));
			if (!dropped.isEmpty()) {
				log.info("Dropped sample partitions past the {}-day retention: {}", retention.toDays(), dropped);
			}
		});
	}

	List<String> dropBefore(java.time.Instant cutoff) {
		return jdbc.sql("select drop_sample_partitions_before(?)")
			.param(Timestamp.from(cutoff))
			.query(String.class)
			.list();
	}
}
