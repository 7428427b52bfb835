package io.costwise.costing;

import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.costwise.identity.CurrentTenant;
import io.costwise.pricing.PriceBook;
import io.costwise.pricing.Prices;
import io.costwise.pricing.PricesChanged;
import io.costwise.telemetry.ConfigurationUsage;
import io.costwise.telemetry.SamplesIngested;
import io.costwise.telemetry.UsageLedger;
import io.costwise.telemetry.WorkloadDeleted;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps cost records current. What needs recomputing is written down in the transaction that
 * causes it (new samples, changed prices), so nothing is lost to a crash; a worker on every instance
 * claims that work with {@code SKIP LOCKED} and recomputes whole workload-days from the usage ledger,
 * which also debounces a backfill's many batches into one computation per day.
 */
@Component
class CostRecomputation {

	private final UsageLedger ledger;

	private final Prices prices;

	private final CostRecords records;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final CostingProperties properties;

	private final Clock clock;

	CostRecomputation(UsageLedger ledger, Prices prices, CostRecords records, JdbcClient jdbc,
			PlatformTransactionManager transactionManager, CostingProperties properties, Clock clock) {
		this.ledger = ledger;
		this.prices = prices;
		this.records = records;
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactionManager);
		this.properties = properties;
		this.clock = clock;
	}

	@TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
	void on(SamplesIngested event) {
		LocalDate first = event.from().atZone(ZoneOffset.UTC).toLocalDate();
		LocalDate last = event.to().atZone(ZoneOffset.UTC).toLocalDate();
		jdbc.sql("""
				insert into cost_pending_days (tenant_id, workload_id, day)
				select :tenant, workload_id, day::date
				from unnest(:workloads::uuid[]) as workload_id, generate_series(:first::date, :last::date, interval '1 day') as day
				on conflict do nothing""")
			.param("tenant", event.tenantId())
			.param("workloads", event.workloadIds().toArray(UUID[]::new))
			.param("first", Date.valueOf(first))
			.param("last", Date.valueOf(last))
			.update();
	}

	@TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
	void on(PricesChanged event) {
		jdbc.sql("""
				insert into cost_repricing (tenant_id, from_day) values (?, ?)
				on conflict (tenant_id) do update set from_day = least(cost_repricing.from_day, excluded.from_day)""")
			.param(event.tenantId())
			.param(Date.valueOf(event.effectiveFrom()))
			.update();
	}

	@TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
	void on(WorkloadDeleted event) {
		records.deleteWorkload(event.tenantId(), event.workloadId());
	}

	@Scheduled(fixedDelayString = "${costwise.costing.recompute-delay:2s}",
			initialDelayString = "${costwise.costing.recompute-delay:2s}")
	void recomputeAll() {
		List<UUID> tenants = transactions
			.execute(status -> jdbc.sql("select tenants_with_cost_work()").query(UUID.class).list());
		for (UUID tenant : tenants) {
			CurrentTenant.callAs(tenant, () -> {
				while (recomputeSome()) {
					// until this tenant's work is done or claimed by another instance
				}
				return null;
			});
		}
	}

	/** Recomputes one claim of the current tenant's work; {@code false} when none was left. */
	boolean recomputeSome() {
		Boolean worked = transactions.execute(status -> {
			UUID tenant = CurrentTenant.require();
			Optional<LocalDate> repricing = claimRepricing(tenant);
			if (repricing.isPresent()) {
				reprice(tenant, repricing.get());
				return true;
			}
			return recomputePendingDays(tenant);
		});
		return Boolean.TRUE.equals(worked);
	}

	private Optional<LocalDate> claimRepricing(UUID tenant) {
		return jdbc.sql("""
				delete from cost_repricing where tenant_id = ?
				  and tenant_id = (select tenant_id from cost_repricing where tenant_id = ? for update skip locked)
				returning from_day""")
			.param(tenant)
			.param(tenant)
			.query((rs, row) -> rs.getDate(1).toLocalDate())
			.optional();
	}

	private void reprice(UUID tenant, LocalDate from) {
		PriceBook book = prices.priceBook();
		records.deleteFrom(tenant, from);
		jdbc.sql("delete from cost_pending_days where tenant_id = ? and day >= ?").param(tenant).param(Date.valueOf(from)).update();
		List<CostRecord> batch = new ArrayList<>();
		ledger.forEachUsageSince(from, usage -> {
			batch.add(CostModel.price(usage, book));
			if (batch.size() == properties.recomputeChunkDays()) {
				records.insert(tenant, batch, clock.instant());
				batch.clear();
			}
		});
		records.insert(tenant, batch, clock.instant());
		records.refreshSumsFrom(tenant, from);
	}

	private boolean recomputePendingDays(UUID tenant) {
		record Pending(UUID workloadId, LocalDate day) {
		}
		List<Pending> pending = jdbc.sql("""
				delete from cost_pending_days where (tenant_id, workload_id, day) in (
				  select tenant_id, workload_id, day from cost_pending_days where tenant_id = ?
				  order by day limit ? for update skip locked)
				returning workload_id, day""")
			.param(tenant)
			.param(properties.recomputeChunkDays())
			.query((rs, row) -> new Pending(rs.getObject(1, UUID.class), rs.getDate(2).toLocalDate()))
			.list();
		if (pending.isEmpty()) {
			return false;
		}
		Set<Pending> wanted = new HashSet<>(pending);
		LocalDate first = pending.stream().map(Pending::day).min(LocalDate::compareTo).orElseThrow();
		LocalDate last = pending.stream().map(Pending::day).max(LocalDate::compareTo).orElseThrow();
		Set<UUID> workloads = new HashSet<>();
		pending.forEach(day -> workloads.add(day.workloadId()));
		PriceBook book = prices.priceBook();
		List<CostRecord> computed = new ArrayList<>();
		for (ConfigurationUsage usage : ledger.usage(workloads, first, last.plusDays(1))) {
			if (wanted.contains(new Pending(usage.workloadId(), usage.day()))) {
				computed.add(CostModel.price(usage, book));
			}
		}
		List<UUID> pendingWorkloads = pending.stream().map(Pending::workloadId).toList();
		List<LocalDate> pendingDays = pending.stream().map(Pending::day).toList();
		records.delete(tenant, pendingWorkloads, pendingDays);
		records.insert(tenant, computed, clock.instant());
		records.refreshSums(tenant, pendingWorkloads, pendingDays);
		return true;
	}
}
