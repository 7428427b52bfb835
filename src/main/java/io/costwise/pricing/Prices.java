package io.costwise.pricing;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import io.costwise.InvalidFieldsException;
import io.costwise.InvalidFieldsException.FieldProblem;
import io.costwise.identity.CurrentTenant;
import io.costwise.pricing.PriceOverride.Kind;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The current tenant's prices: its overrides over the shipped catalog. Overrides are only added, never
 * changed, so the history of what was in force stays; each change asks costing to recompute from its
 * effective day.
 */
@Service
public class Prices {

	private static final Set<String> PROVIDERS = Set.of("aws", "gcp", "azure", "onprem");

	private static final Set<String> PURCHASE_OPTIONS = Set.of("ON_DEMAND", "SPOT", "RESERVED");

	/** Further back than any telemetry retained as rollups. */
	private static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);

	private final Catalog catalog;

	private final JdbcClient jdbc;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	Prices(Catalog catalog, JdbcClient jdbc, ApplicationEventPublisher events, Clock clock) {
		this.catalog = catalog;
		this.jdbc = jdbc;
		this.events = events;
		this.clock = clock;
	}

	/** The catalog under the tenant's overrides, as a snapshot. */
	@Transactional(readOnly = true)
	public PriceBook priceBook() {
		return new PriceBook(catalog, overrides());
	}

	/** Every override the tenant ever set, newest effective day first. */
	@Transactional(readOnly = true)
	public List<PriceOverride> overrides() {
		return jdbc.sql("""
				select id, kind, provider, region, instance_type, purchase_option, gpu_model, discount_percent,
				  hourly_price_usd, effective_from, note, set_at, set_by
				from price_overrides where tenant_id = ? order by effective_from desc, set_at desc""")
			.param(CurrentTenant.require())
			.query(Prices::override)
			.list();
	}

	/** A percentage off every catalog price of a provider, from a day on. */
	@Transactional
	public PriceOverride setDiscount(String provider, BigDecimal percent, LocalDate effectiveFrom, String note) {
		List<FieldProblem> problems = new ArrayList<>();
		String cloud = provider(provider, problems);
		if (percent == null || percent.signum() < 0 || percent.compareTo(BigDecimal.valueOf(100)) >= 0) {
			problems.add(FieldProblem.body("/discountPercent", "must be at least 0 and less than 100"));
		}
		return add(new PriceOverride(UUID.randomUUID(), Kind.DISCOUNT, cloud, null, null, null, null, percent, null,
				effectiveFrom, note, clock.instant(), CurrentTenant.actor()), problems);
	}

	/** The negotiated hourly price of an instance type in a region, for one purchase option. */
	@Transactional
	public PriceOverride setInstancePrice(String provider, String region, String instanceType, String purchaseOption,
			BigDecimal hourlyPriceUsd, LocalDate effectiveFrom, String note) {
		List<FieldProblem> problems = new ArrayList<>();
		String cloud = provider(provider, problems);
		if (!PURCHASE_OPTIONS.contains(purchaseOption)) {
			problems.add(new FieldProblem(null, "purchaseOption", "must be one of " + PURCHASE_OPTIONS));
		}
		InstanceType type = catalog.instanceType(cloud, region, instanceType).orElse(null);
		if (problems.isEmpty() && type == null) {
			problems.add(new FieldProblem(null, "instanceType",
					"is not in the " + cloud + " catalog for region " + region + "; see GET /api/v1/pricing/instance-types"));
		}
		price(hourlyPriceUsd, problems);
		return add(new PriceOverride(UUID.randomUUID(), Kind.INSTANCE_PRICE, cloud, type == null ? region : type.region(),
				type == null ? instanceType : type.name(), purchaseOption, null, null, hourlyPriceUsd, effectiveFrom, note,
				clock.instant(), CurrentTenant.actor()), problems);
	}

	/** What an on-premises GPU-hour of a model costs the tenant. */
	@Transactional
	public PriceOverride setGpuHourPrice(String gpuModel, BigDecimal hourlyPriceUsd, LocalDate effectiveFrom,
			String note) {
		List<FieldProblem> problems = new ArrayList<>();
		GpuModel model = catalog.gpuModel(gpuModel).orElse(null);
		if (model == null) {
			problems.add(new FieldProblem(null, "gpuModel", "is not a known GPU model; see GET /api/v1/pricing/gpu-models"));
		}
		price(hourlyPriceUsd, problems);
		return add(new PriceOverride(UUID.randomUUID(), Kind.GPU_HOUR_PRICE, null, null, null, null,
				model == null ? gpuModel : model.model(), null, hourlyPriceUsd, effectiveFrom, note, clock.instant(),
				CurrentTenant.actor()), problems);
	}

	private PriceOverride add(PriceOverride override, List<FieldProblem> problems) {
		if (override.effectiveFrom() == null) {
			problems.add(FieldProblem.body("/effectiveFrom", "is required (the first day the price applies, YYYY-MM-DD)"));
		}
		else if (override.effectiveFrom().isBefore(EARLIEST)) {
			problems.add(FieldProblem.body("/effectiveFrom", "must be after " + EARLIEST));
		}
		if (override.note() != null && override.note().length() > 500) {
			problems.add(FieldProblem.body("/note", "must be at most 500 characters"));
		}
		if (!problems.isEmpty()) {
			throw new InvalidFieldsException(problems);
		}
		UUID tenant = CurrentTenant.require();
		jdbc.sql("""
				insert into price_overrides (tenant_id, id, kind, provider, region, instance_type, purchase_option, gpu_model,
				  discount_percent, hourly_price_usd, effective_from, note, set_at, set_by)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(tenant, override.id(), override.kind().name(), blank(override.provider()), blank(override.region()),
					blank(override.instanceType()), blank(override.purchaseOption()), blank(override.gpuModel()),
					override.discountPercent(), override.hourlyPriceUsd(), Date.valueOf(override.effectiveFrom()),
					override.note(), Timestamp.from(override.setAt()), override.setBy())
			.update();
		events.publishEvent(new PricesChanged(tenant, override.effectiveFrom()));
		return override;
	}

	private static String provider(String provider, List<FieldProblem> problems) {
		String cloud = provider == null ? null : provider.toLowerCase(Locale.ROOT);
		if (!PROVIDERS.contains(cloud)) {
			problems.add(new FieldProblem(null, "provider", "must be one of " + PROVIDERS));
		}
		return cloud;
	}

	private static void price(BigDecimal hourlyPriceUsd, List<FieldProblem> problems) {
		if (hourlyPriceUsd == null || hourlyPriceUsd.signum() < 0) {
			problems.add(FieldProblem.body("/hourlyPriceUsd", "must be a price of at least 0 (USD per hour)"));
		}
	}

	private static String blank(String value) {
		return value == null ? "" : value;
	}

	private static PriceOverride override(ResultSet rs, int row) throws SQLException {
		return new PriceOverride(rs.getObject(1, UUID.class), Kind.valueOf(rs.getString(2)), nullIfBlank(rs.getString(3)),
				nullIfBlank(rs.getString(4)), nullIfBlank(rs.getString(5)), nullIfBlank(rs.getString(6)),
				nullIfBlank(rs.getString(7)), rs.getBigDecimal(8), rs.getBigDecimal(9), rs.getDate(10).toLocalDate(),
				rs.getString(11), rs.getTimestamp(12).toInstant(), rs.getString(13));
	}

	private static String nullIfBlank(String value) {
		return value == null || value.isEmpty() ? null : value;
	}
}
