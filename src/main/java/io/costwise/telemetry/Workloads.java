package io.costwise.telemetry;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import io.costwise.Cursor;
import io.costwise.CursorPage;
import io.costwise.InvalidFieldsException;
import io.costwise.InvalidFieldsException.FieldProblem;
import io.costwise.NotFoundException;
import io.costwise.identity.CurrentTenant;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The current tenant's workloads: find, describe, change, delete, and their usage over time. The
 * module's API for other modules and for its web layer.
 */
@Service
public class Workloads {

	private static final Pattern LABEL_KEY = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._/-]{0,61}[A-Za-z0-9])?");

	private static final Set<String> PROVIDERS = Set.of("aws", "gcp", "azure", "onprem");

	/** More points than a chart can show are a mistake in the step. */
	private static final int MAX_POINTS = 5000;

	private static final String COLUMNS = """
			key, kind, labels::text, latency_slo_p95_ms, interruptible, allowed_regions, allowed_providers,
			first_seen_at, last_sample_at, id""";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	Workloads(JdbcClient jdbc, JsonMapper json, Clock clock, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.events = events;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * @param label {@code name:value} (or {@code name=value}) that the workload's labels must hold
	 * @param text part of the key, ignoring case
	 */
	@Transactional(readOnly = true)
	public CursorPage<Workload> list(WorkloadKind kind, String label, String text, String cursor, int limit) {
		Cursor after = Cursor.decode(cursor);
		StringBuilder sql = new StringBuilder("select " + COLUMNS + " from workloads where tenant_id = :tenant"
				+ " and (first_seen_at, id) > (:afterAt, :afterId)");
		Map<String, Object> params = new LinkedHashMap<>();
		params.put("tenant", CurrentTenant.require());
		params.put("afterAt", Timestamp.from(after.at()));
		params.put("afterId", after.id());
		if (kind != null) {
			sql.append(" and kind = :kind");
			params.put("kind", kind.name());
		}
		if (label != null && !label.isBlank()) {
			sql.append(" and labels @> :label::jsonb");
			params.put("label", json.writeValueAsString(labelFilter(label)));
		}
		if (text != null && !text.isBlank()) {
			sql.append(" and key ilike :text escape '\\'");
			params.put("text", "%" + text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
		}
		sql.append(" order by first_seen_at, id limit :limit");
		params.put("limit", limit + 1);
		List<Row> rows = jdbc.sql(sql.toString()).params(params).query(this::row).list();
		return CursorPage.of(rows, limit, row -> new Cursor(row.workload().firstSeenAt(), row.id())).map(Row::workload);
	}

	@Transactional(readOnly = true)
	public Workload describe(String key) {
		return find(key).workload();
	}

	/**
	 * Applies a JSON merge patch (RFC 7396): fields left out stay as they are, {@code null} clears.
	 */
	@Transactional
	public Workload change(String key, JsonNode patch) {
		Row row = find(key);
		Workload current = row.workload();
		List<FieldProblem> problems = new ArrayList<>();
		if (patch == null || !patch.isObject()) {
			throw InvalidFieldsException.field("", "must be a JSON object of the fields to change");
		}
		patch.propertyNames().stream()
			.filter(name -> !Set.of("kind", "labels", "latencySloP95Ms", "interruptible", "allowedRegions", "allowedProviders").contains(name))
			.forEach(name -> problems.add(FieldProblem.body("/" + name, "cannot be changed")));
		WorkloadKind kind = patch.has("kind") ? kind(patch.get("kind"), problems) : current.kind();
		Map<String, String> labels = patch.has("labels") ? labels(patch.get("labels"), problems) : current.labels();
		Double slo = patch.has("latencySloP95Ms") ? slo(patch.get("latencySloP95Ms"), problems) : current.latencySloP95Ms();
		boolean interruptible = patch.has("interruptible") ? bool(patch.get("interruptible"), problems) : current.interruptible();
		List<String> regions = patch.has("allowedRegions") ? strings("/allowedRegions", patch.get("allowedRegions"), null, problems) : current.allowedRegions();
		List<String> providers = patch.has("allowedProviders") ? strings("/allowedProviders", patch.get("allowedProviders"), PROVIDERS, problems) : current.allowedProviders();
		if (!problems.isEmpty()) {
			throw new InvalidFieldsException(problems);
		}
		jdbc.sql("""
				update workloads set kind = :kind, labels = :labels::jsonb, latency_slo_p95_ms = :slo,
				  interruptible = :interruptible, allowed_regions = :regions::text[], allowed_providers = :providers::text[],
				  updated_at = :now
				where tenant_id = :tenant and id = :id""")
			.param("kind", kind == null ? null : kind.name())
			.param("labels", json.writeValueAsString(labels))
			.param("slo", slo)
			.param("interruptible", interruptible)
			.param("regions", regions.toArray(String[]::new))
			.param("providers", providers.toArray(String[]::new))
			.param("now", Timestamp.from(clock.instant()))
			.param("tenant", CurrentTenant.require())
			.param("id", row.id())
			.update();
		return describe(key);
	}

	/** Deletes the workload with its samples and rollups. */
	@Transactional
	public void delete(String key) {
		UUID id = find(key).id();
		UUID tenant = CurrentTenant.require();
		for (String table : List.of("samples", "usage_rollups", "configuration_usage")) {
			jdbc.sql("delete from " + table + " where tenant_id = ? and workload_id = ?").param(tenant).param(id).update();
		}
		jdbc.sql("delete from workloads where tenant_id = ? and id = ?").param(tenant).param(id).update();
		events.publishEvent(new WorkloadDeleted(tenant, id));
	}

	/**
	 * @param step at least an hour; whole days read the daily rollups
	 */
	@Transactional(readOnly = true)
	public UsageSeries usage(String key, Instant from, Instant to, Duration step) {
		validateRange(from, to, step);
		UUID id = find(key).id();
		boolean daily = step.toSeconds() % Duration.ofDays(1).toSeconds() == 0;
		String resolution = daily ? "DAY" : "HOUR";
		List<UsagePoint> points = jdbc.sql("""
				select date_bin(make_interval(secs => :step), bucket_start, timestamptz '2000-01-01 00:00:00+00') as start,
				  sum(sample_count), sum(gpu_hours), sum(vcpu_hours), sum(memory_gib_hours),
				  sum(gpu_util_weighted) / nullif(sum(gpu_util_weight), 0), max(gpu_util_max),
				  sum(cpu_util_weighted) / nullif(sum(cpu_util_weight), 0),
				  sum(memory_used_gib_hours) / nullif(sum(memory_used_weight), 0),
				  max(memory_used_gib_max), max(gpu_memory_used_gib_max),
				  sum(work_units) / nullif(sum(throughput_seconds), 0), sum(work_units),
				  max(latency_p95_ms_max), sum(latency_p95_ms_sum) / nullif(sum(latency_count), 0),
				  sum(net_egress_gib), sum(oom_events)
				from usage_rollups
				where tenant_id = :tenant and workload_id = :id and resolution = :resolution
				  and bucket_start >= :from and bucket_start < :to
				group by 1 order by 1""")
			.param("step", (double) step.toSeconds())
			.param("tenant", CurrentTenant.require())
			.param("id", id)
			.param("resolution", resolution)
			.param("from", Timestamp.from(from))
			.param("to", Timestamp.from(to))
			.query((rs, n) -> new UsagePoint(rs.getTimestamp(1).toInstant(), rs.getLong(2), rs.getDouble(3),
					rs.getDouble(4), rs.getDouble(5), nullable(rs, 6), nullable(rs, 7), nullable(rs, 8), nullable(rs, 9),
					nullable(rs, 10), nullable(rs, 11), nullable(rs, 12), rs.getDouble(13), nullable(rs, 14),
					nullable(rs, 15), rs.getDouble(16), rs.getLong(17)))
			.list();
		return new UsageSeries(key, from, to, step.toSeconds(), resolution, points);
	}

	private Row find(String key) {
		return jdbc.sql("select " + COLUMNS + " from workloads where tenant_id = ? and key = ?")
			.param(CurrentTenant.require())
			.param(key)
			.query(this::row)
			.optional()
			.orElseThrow(() -> new NotFoundException("Workload"));
	}

	private record Row(UUID id, Workload workload) {
	}

	private Row row(ResultSet rs, int n) throws SQLException {
		String kind = rs.getString(2);
		Map<String, String> labels = json.readValue(rs.getString(3), new TypeReference<Map<String, String>>() {
		});
		Timestamp last = rs.getTimestamp(9);
		Workload workload = new Workload(rs.getString(1), kind == null ? null : WorkloadKind.valueOf(kind), labels,
				nullable(rs, 4), rs.getBoolean(5), Arrays.asList((String[]) rs.getArray(6).getArray()),
				Arrays.asList((String[]) rs.getArray(7).getArray()), rs.getTimestamp(8).toInstant(),
				last == null ? null : last.toInstant());
		return new Row(rs.getObject(10, UUID.class), workload);
	}

	private static Double nullable(ResultSet rs, int column) throws SQLException {
		double value = rs.getDouble(column);
		return rs.wasNull() ? null : value;
	}

	private static Map<String, String> labelFilter(String label) {
		int separator = label.indexOf(':') >= 0 ? label.indexOf(':') : label.indexOf('=');
		if (separator <= 0) {
			throw InvalidFieldsException.parameter("label", "must be name:value");
		}
		return Map.of(label.substring(0, separator).strip(), label.substring(separator + 1).strip());
	}

	private void validateRange(Instant from, Instant to, Duration step) {
		List<FieldProblem> problems = new ArrayList<>();
		if (!from.isBefore(to)) {
			problems.add(new FieldProblem(null, "to", "must be after from"));
		}
		if (step.toSeconds() < 3600 || step.toSeconds() % 3600 != 0) {
			problems.add(new FieldProblem(null, "step", "must be a whole number of hours (rollups are hourly), such as 1h or 1d"));
		}
		else if (Duration.between(from, to).toSeconds() / step.toSeconds() > MAX_POINTS) {
			problems.add(new FieldProblem(null, "step", "gives more than " + MAX_POINTS + " points; choose a longer step"));
		}
		if (!problems.isEmpty()) {
			throw new InvalidFieldsException(problems);
		}
	}

	private static WorkloadKind kind(JsonNode value, List<FieldProblem> problems) {
		if (value.isNull()) {
			return null;
		}
		try {
			return WorkloadKind.valueOf(value.asString());
		}
		catch (IllegalArgumentException ex) {
			problems.add(FieldProblem.body("/kind", "must be one of " + Arrays.toString(WorkloadKind.values())));
			return null;
		}
	}

	private static Map<String, String> labels(JsonNode value, List<FieldProblem> problems) {
		if (value.isNull()) {
			return Map.of();
		}
		if (!value.isObject() || value.size() > 64) {
			problems.add(FieldProblem.body("/labels", "must be an object of at most 64 name: value pairs"));
			return Map.of();
		}
		Map<String, String> labels = new LinkedHashMap<>();
		for (String name : value.propertyNames()) {
			JsonNode labelValue = value.get(name);
			String pointer = "/labels/" + name.replace("~", "~0").replace("/", "~1");
			if (!LABEL_KEY.matcher(name).matches()) {
				problems.add(FieldProblem.body(pointer, "must be a label name: letters, digits, '.', '_', '-', '/', at most 63"));
			}
			else if (!labelValue.isString() || labelValue.asString().length() > 200) {
				problems.add(FieldProblem.body(pointer, "must be a string of at most 200 characters"));
			}
			else {
				labels.put(name, labelValue.asString());
			}
		}
		return labels;
	}

	private static Double slo(JsonNode value, List<FieldProblem> problems) {
		if (value.isNull()) {
			return null;
		}
		if (!value.isNumber() || value.asDouble() <= 0) {
			problems.add(FieldProblem.body("/latencySloP95Ms", "must be a positive number of milliseconds"));
			return null;
		}
		return value.asDouble();
	}

	private static boolean bool(JsonNode value, List<FieldProblem> problems) {
		if (!value.isBoolean()) {
			problems.add(FieldProblem.body("/interruptible", "must be true or false"));
			return false;
		}
		return value.asBoolean();
	}

	private static List<String> strings(String pointer, JsonNode value, Set<String> allowed, List<FieldProblem> problems) {
		if (value.isNull()) {
			return List.of();
		}
		if (!value.isArray()) {
			problems.add(FieldProblem.body(pointer, "must be an array of strings"));
			return List.of();
		}
		List<String> strings = new ArrayList<>();
		for (int i = 0; i < value.size(); i++) {
			JsonNode item = value.get(i);
			if (!item.isString() || item.asString().isBlank() || item.asString().length() > 64
					|| (allowed != null && !allowed.contains(item.asString()))) {
				problems.add(FieldProblem.body(pointer + "/" + i,
						allowed == null ? "must be a region name" : "must be one of " + allowed.stream().sorted().toList()));
				continue;
			}
			strings.add(item.asString());
		}
		return strings.stream().distinct().toList();
	}
}
