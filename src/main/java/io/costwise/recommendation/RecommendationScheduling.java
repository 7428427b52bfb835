package io.costwise.recommendation;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import io.costwise.costing.Costs;
import io.costwise.identity.CurrentTenant;
import io.costwise.telemetry.SamplesIngested;
import io.costwise.telemetry.WorkloadDeleted;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * When recommendations run: a workload becomes due a debounce period after the first samples that land
 * since its last run (written in the ingest transaction, so no trigger is lost; later batches leave the
 * due time alone, so a burst causes one run and a never-ending stream one run per period, not none), and every tenant with live recommendations is
 * refreshed on a schedule. Due work is claimed with {@code SKIP LOCKED}, so any number of instances
 * share it and none runs a workload twice at once.
 */
@Component
class RecommendationScheduling {

	private final RecommendationEngine engine;

	private final Verification verification;

	private final RecommendationStore store;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final RecommendationProperties settings;

	private final Costs costs;

	private final Clock clock;

	RecommendationScheduling(RecommendationEngine engine, Verification verification, RecommendationStore store,
			Costs costs, JdbcClient jdbc, PlatformTransactionManager transactionManager, RecommendationProperties settings,
			Clock clock) {
		this.costs = costs;
		this.engine = engine;
		this.verification = verification;
		this.store = store;
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactionManager);
		this.settings = settings;
		this.clock = clock;
	}

	@TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
	void on(SamplesIngested event) {
		jdbc.sql("""
				insert into recommendation_pending (tenant_id, workload_id, due_at)
				select :tenant, workload_id, :due from unnest(:workloads::uuid[]) as workload_id
				on conflict (tenant_id, workload_id) do nothing""")
			.param("tenant", event.tenantId())
			.param("workloads", event.workloadIds().toArray(UUID[]::new))
			.param("due", Timestamp.from(clock.instant().plus(settings.debounce())))
			.update();
	}

	@TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
	void on(WorkloadDeleted event) {
		store.deleteWorkload(event.tenantId(), event.workloadId());
	}

	/** Runs the workloads whose debounce has passed. */
	@Scheduled(fixedDelayString = "${costwise.recommendation.poll-delay:30s}",
			initialDelayString = "${costwise.recommendation.poll-delay:30s}")
	void runDue() {
		List<UUID> tenants = transactions.execute(status -> jdbc.sql("select tenants_with_due_recommendations(?)")
			.param(Timestamp.from(clock.instant()))
			.query(UUID.class)
			.list());
		for (UUID tenant : tenants) {
			CurrentTenant.callAs(tenant, () -> transactions.execute(status -> {
				// Savings are priced from the cost records: a workload whose costs are still being
				// computed waits for the next poll rather than being recommended on a partial month.
				UUID[] awaitingCosts = costs.workloadsAwaitingCosts().toArray(UUID[]::new);
				List<UUID> due = jdbc.sql("""
						delete from recommendation_pending where (tenant_id, workload_id) in (
						  select tenant_id, workload_id from recommendation_pending
						  where tenant_id = ? and due_at <= ? and workload_id <> all(?)
						  for update skip locked)
						returning workload_id""")
					.param(tenant)
					.param(Timestamp.from(clock.instant()))
					.param(awaitingCosts)
					.query(UUID.class)
					.list();
				return due.isEmpty() ? null : engine.run(due);
			}));
		}
	}

	/** Refreshes (or expires) live recommendations and verifies applied ones, for every tenant that has any. */
	@Scheduled(cron = "${costwise.recommendation.schedule:0 41 3 * * *}")
	void refreshAll() {
		List<UUID> tenants = transactions
			.execute(status -> jdbc.sql("select tenants_with_live_recommendations()").query(UUID.class).list());
		for (UUID tenant : tenants) {
			CurrentTenant.callAs(tenant, () -> {
				transactions.execute(status -> {
					boolean mine = Boolean.TRUE.equals(jdbc.sql("select pg_try_advisory_xact_lock(hashtextextended(?, 0))")
						.param("recommendations:" + tenant)
						.query(Boolean.class)
						.single());
					return mine ? engine.run(null) : null;
				});
				return verification.verifyDue();
			});
		}
	}
}
