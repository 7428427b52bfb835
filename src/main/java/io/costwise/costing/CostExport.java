package io.costwise.costing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.costwise.identity.CurrentTenant;
import io.costwise.pricing.Resource;
import io.costwise.telemetry.WorkloadReference;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Streams cost records as CSV, one row per workload, day, configuration and resource, without holding
 * the period in memory: in the FinOps FOCUS 1.2 columns (with Costwise's own figures in
 * {@code x_}-prefixed columns), or in a plain layout.
 */
@Service
public class CostExport {

	public enum Format {

		FOCUS, CSV

	}

	static final List<String> FOCUS_COLUMNS = List.of("AvailabilityZone", "BilledCost", "BillingAccountId",
			"BillingAccountName", "BillingAccountType", "BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart",
			"CapacityReservationId", "CapacityReservationStatus", "ChargeCategory", "ChargeClass", "ChargeDescription",
			"ChargeFrequency", "ChargePeriodEnd", "ChargePeriodStart", "CommitmentDiscountCategory",
			"CommitmentDiscountId", "CommitmentDiscountName", "CommitmentDiscountQuantity", "CommitmentDiscountStatus",
			"CommitmentDiscountType", "CommitmentDiscountUnit", "ConsumedQuantity", "ConsumedUnit", "ContractedCost",
			"ContractedUnitPrice", "EffectiveCost", "InvoiceId", "InvoiceIssuerName", "ListCost", "ListUnitPrice",
			"PricingCategory", "PricingCurrency", "PricingCurrencyContractedUnitPrice", "PricingCurrencyEffectiveCost",
			"PricingCurrencyListUnitPrice", "PricingQuantity", "PricingUnit", "ProviderName", "PublisherName",
			"RegionId", "RegionName", "ResourceId", "ResourceName", "ResourceType", "ServiceCategory", "ServiceName",
			"ServiceSubcategory", "SkuId", "SkuMeter", "SkuPriceDetails", "SkuPriceId", "SubAccountId", "SubAccountName",
			"SubAccountType", "Tags", "x_WorkloadKey", "x_WorkloadKind", "x_GpuModel", "x_InstanceType",
			"x_PurchaseOption", "x_Resource", "x_Utilization", "x_UtilizationMeasuredShare", "x_UtilizationAdjustedCost",
			"x_IdleCost", "x_PriceBasis");

	static final List<String> CSV_COLUMNS = List.of("day", "workload", "kind", "team", "project", "provider", "region",
			"instanceType", "purchaseOption", "gpuModel", "resource", "quantity", "unit", "listUnitPriceUsd",
			"unitPriceUsd", "listCostUsd", "billedCostUsd", "utilization", "utilizationAdjustedCostUsd", "idleCostUsd");

	private static final List<Resource> RESOURCES = List.of(Resource.CPU, Resource.MEMORY, Resource.GPU,
			Resource.NETWORK, Resource.STORAGE);

	/** The records of a period, unfiltered. */
	private static final String SELECT = select("");

	/** The records of a period that meet a condition on the cost records {@code c}, in day and workload order. */
	private static String select(String condition) {
		return """
				select c.day, c.workload_id, c.provider, c.region, c.instance_type, c.purchase_option, c.catalog_gpu_model,
				  c.basis, c.instance_hourly_usd, c.discount_percent, %s
				from cost_records c where c.tenant_id = :tenant and c.day >= :from and c.day < :to%s
				order by c.day, c.workload_id""".formatted(RESOURCES.stream()
			.map(resource -> "c.%1$s_quantity, c.%1$s_list_unit_price, c.%1$s_unit_price, c.%1$s_cost, c.%1$s_utilized_cost, c.%1$s_measured_share"
				.formatted(CostExplanations.column(resource)))
			.collect(Collectors.joining(", ")), condition);
	}

	/** Where the CSV goes, opened only once the query has been checked, so a refusal is still a problem response. */
	@FunctionalInterface
	public interface Destination {

		Writer open() throws IOException;

	}

	private final JdbcClient jdbc;

	private final Costs costs;

	private final JsonMapper json;

	CostExport(JdbcClient jdbc, Costs costs, JsonMapper json) {
		this.jdbc = jdbc;
		this.costs = costs;
		this.json = json;
	}

	/**
	 * Streams the cost records of the query's period that its filters select, through the same
	 * checks and scoping as {@link Costs#report(CostQuery)}: the export's BilledCost sums to the
	 * report's billed cost for the same query. Grouping and step do not apply. A period or filter
	 * that is refused throws {@link io.costwise.InvalidFieldsException} before the destination is
	 * opened.
	 */
	@Transactional(readOnly = true)
	public void write(Format format, CostQuery query, Destination destination) throws IOException {
		Costs.Selection selection = costs.select(query);
		Map<UUID, WorkloadReference> workloads = selection.workloads();
		String tenant = CurrentTenant.require().toString();
		try (Writer out = destination.open();
				Stream<List<Charge>> rows = selection.bind(jdbc.sql(select(selection.condition())))
					.withFetchSize(2000)
					.param("tenant", CurrentTenant.require())
					.param("from", Date.valueOf(query.from()))
					.param("to", Date.valueOf(query.to()))
					.query((rs, n) -> charges(rs, workloads))
					.stream()) {
			line(out, format == Format.FOCUS ? FOCUS_COLUMNS : CSV_COLUMNS);
			rows.flatMap(List::stream)
				.forEach(charge -> line(out, format == Format.FOCUS ? focus(charge, tenant) : plain(charge)));
		}
	}

	/** One resource of one cost record. */
	private record Charge(LocalDate day, WorkloadReference workload, String provider, String region,
			String instanceType, String purchaseOption, String gpuModel, String basis, BigDecimal instanceHourlyUsd,
			Resource resource, BigDecimal quantity, BigDecimal listUnitPrice, BigDecimal unitPrice, BigDecimal cost,
			BigDecimal utilizedCost, double measuredShare) {

		BigDecimal utilization() {
			BigDecimal r = cost.signum() == 0 ? BigDecimal.ONE : utilizedCost.divide(cost, CostModel.MONEY);
			return r.max(BigDecimal.valueOf(CostFigures.UTILIZATION_FLOOR));
		}
	}

	private static List<Charge> charges(ResultSet rs, Map<UUID, WorkloadReference> workloads) throws SQLException {
		WorkloadReference workload = workloads.get(rs.getObject(2, UUID.class));
		List<Charge> charges = new ArrayList<>();
		for (int i = 0; i < RESOURCES.size(); i++) {
			int at = 11 + 6 * i;
			BigDecimal quantity = rs.getBigDecimal(at);
			if (quantity.signum() == 0 || workload == null) {
				continue;
			}
			charges.add(new Charge(rs.getDate(1).toLocalDate(), workload, blank(rs, 3), blank(rs, 4), blank(rs, 5),
					blank(rs, 6), blank(rs, 7), rs.getString(8), rs.getBigDecimal(9), RESOURCES.get(i), quantity,
					rs.getBigDecimal(at + 1), rs.getBigDecimal(at + 2), rs.getBigDecimal(at + 3), rs.getBigDecimal(at + 4),
					rs.getDouble(at + 5)));
		}
		return charges;
	}

	private List<String> focus(Charge c, String tenant) {
		String provider = providerName(c.provider());
		LocalDate month = c.day().withDayOfMonth(1);
		BigDecimal listCost = c.quantity().multiply(c.listUnitPrice(), CostModel.MONEY);
		BigDecimal adjusted = c.cost().divide(c.utilization(), CostModel.MONEY);
		List<String> row = new ArrayList<>(FOCUS_COLUMNS.size());
		row.add(null); // AvailabilityZone
		row.add(plain(c.cost()));
		row.add(tenant);
		row.add("Costwise tenant " + tenant);
		row.add("Costwise tenant");
		row.add("USD");
		row.add(dateTime(month.plusMonths(1)));
		row.add(dateTime(month));
		row.add(null);
		row.add(null);
		row.add("Usage");
		row.add(null); // ChargeClass: not a correction
		row.add(description(c));
		row.add("Usage-Based");
		row.add(dateTime(c.day().plusDays(1)));
		row.add(dateTime(c.day()));
		for (int i = 0; i < 7; i++) {
			row.add(null); // no commitment discounts
		}
		row.add(plain(c.quantity()));
		row.add(c.resource().unit());
		row.add(plain(c.cost()));
		row.add(plain(c.unitPrice()));
		row.add(plain(c.cost())); // EffectiveCost: no amortized commitments
		row.add(null);
		row.add(provider);
		row.add(plain(listCost));
		row.add(plain(c.listUnitPrice()));
		row.add("SPOT".equals(c.purchaseOption()) ? "Dynamic" : "Standard");
		row.add("USD");
		row.add(plain(c.unitPrice()));
		row.add(plain(c.cost()));
		row.add(plain(c.listUnitPrice()));
		row.add(plain(c.quantity()));
		row.add(c.resource().unit());
		row.add(provider);
		row.add(provider);
		row.add(c.region());
		row.add(c.region());
		row.add("costwise:workload/" + c.workload().key());
		row.add(c.workload().key());
		row.add(c.workload().kind() == null ? "Workload" : "Workload (" + c.workload().kind() + ")");
		row.add(serviceCategory(c.resource()));
		row.add(serviceName(c.provider()));
		row.add(serviceSubcategory(c.resource()));
		row.add(c.instanceType() != null ? c.instanceType() : c.resource().name().toLowerCase(Locale.ROOT));
		row.add(c.resource().unit());
		row.add(json.writeValueAsString(priceDetails(c)));
		row.add(String.join(":", String.valueOf(c.provider()), String.valueOf(c.region()), String.valueOf(c.instanceType()),
				String.valueOf(c.purchaseOption()), c.resource().name()));
		row.add(c.workload().labels().get("team"));
		row.add(c.workload().labels().get("team"));
		row.add(c.workload().labels().containsKey("team") ? "Team" : null);
		row.add(json.writeValueAsString(c.workload().labels()));
		row.add(c.workload().key());
		row.add(c.workload().kind() == null ? null : c.workload().kind().name());
		row.add(c.gpuModel());
		row.add(c.instanceType());
		row.add(c.purchaseOption());
		row.add(c.resource().name());
		row.add(plain(c.utilization()));
		row.add(Double.toString(c.measuredShare()));
		row.add(plain(adjusted));
		row.add(plain(c.cost().subtract(c.cost().multiply(c.utilization(), CostModel.MONEY))));
		row.add(c.basis());
		return row;
	}

	private static List<String> plain(Charge c) {
		BigDecimal listCost = c.quantity().multiply(c.listUnitPrice(), CostModel.MONEY);
		return java.util.Arrays.asList(c.day().toString(), c.workload().key(),
				c.workload().kind() == null ? null : c.workload().kind().name(), c.workload().labels().get("team"),
				c.workload().labels().get("project"), c.provider(), c.region(), c.instanceType(), c.purchaseOption(),
				c.gpuModel(), c.resource().name(), plain(c.quantity()), c.resource().unit(), plain(c.listUnitPrice()),
				plain(c.unitPrice()), plain(listCost), plain(c.cost()), plain(c.utilization()),
				plain(c.cost().divide(c.utilization(), CostModel.MONEY)),
				plain(c.cost().subtract(c.cost().multiply(c.utilization(), CostModel.MONEY))));
	}

	private static Map<String, Object> priceDetails(Charge c) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("basis", c.basis());
		if (c.instanceHourlyUsd() != null) {
			details.put("instanceHourlyUsd", c.instanceHourlyUsd());
		}
		if (c.gpuModel() != null && c.resource() == Resource.GPU) {
			details.put("gpuModel", c.gpuModel());
		}
		return details;
	}

	private static String description(Charge c) {
		String what = switch (c.resource()) {
			case CPU -> "vCPU usage";
			case MEMORY -> "memory usage";
			case GPU -> (c.gpuModel() == null ? "GPU" : c.gpuModel()) + " GPU usage";
			case NETWORK -> "data transfer out";
			case STORAGE -> "storage";
		};
		return what + (c.instanceType() == null ? "" : " on " + c.instanceType()) + " by workload " + c.workload().key();
	}

	private static String providerName(String provider) {
		if (provider == null) {
			return "Unknown";
		}
		return switch (provider) {
			case "aws" -> "Amazon Web Services";
			case "gcp" -> "Google Cloud";
			case "azure" -> "Microsoft Azure";
			case "onprem" -> "On-premises";
			default -> provider;
		};
	}

	private static String serviceName(String provider) {
		if (provider == null) {
			return "Compute";
		}
		return switch (provider) {
			case "aws" -> "Amazon Elastic Compute Cloud";
			case "gcp" -> "Compute Engine";
			case "azure" -> "Virtual Machines";
			default -> "Compute";
		};
	}

	private static String serviceCategory(Resource resource) {
		return switch (resource) {
			case NETWORK -> "Networking";
			case STORAGE -> "Storage";
			default -> "Compute";
		};
	}

	private static String serviceSubcategory(Resource resource) {
		return switch (resource) {
			case NETWORK -> "Other (Networking)";
			case STORAGE -> "Block Storage";
			default -> "Virtual Machines";
		};
	}

	private static String dateTime(LocalDate day) {
		return day + "T00:00:00Z";
	}

	/** Ten decimals: far below a cent, without the full working precision's noise. */
	private static String plain(BigDecimal amount) {
		return amount.setScale(10, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
	}

	private static String blank(ResultSet rs, int column) throws SQLException {
		String value = rs.getString(column);
		return value == null || value.isEmpty() ? null : value;
	}

	private static void line(Writer out, List<String> fields) {
		try {
			for (int i = 0; i < fields.size(); i++) {
				if (i > 0) {
					out.write(',');
				}
				out.write(escape(fields.get(i)));
			}
			out.write("\r\n");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** RFC 4180, and a leading formula character defused so spreadsheets do not execute cells. */
	private static String escape(String value) {
		if (value == null) {
			return "";
		}
		String safe = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 && !value.matches("-?[0-9.Ee+-]+")
				? "'" + value : value;
		if (safe.indexOf(',') < 0 && safe.indexOf('"') < 0 && safe.indexOf('\n') < 0 && safe.indexOf('\r') < 0) {
			return safe;
		}
		return '"' + safe.replace("\"", "\"\"") + '"';
	}
}
