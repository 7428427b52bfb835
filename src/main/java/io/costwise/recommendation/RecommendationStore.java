package io.costwise.recommendation;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.costwise.identity.CurrentTenant;
import io.costwise.recommendation.Confidence.Level;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The current tenant's stored recommendations and their history. */
@Component
class RecommendationStore {

	static final String COLUMNS = """
			r.id, r.workload_id, r.type, r.status, r.title, r.rationale, r.risks, r.assumptions, r.current_configuration::text,
			r.proposed_configuration::text, r.evidence::text, r.confidence, r.confidence_detail::text, r.speedup,
			r.current_monthly_cost, r.predicted_monthly_cost, r.monthly_savings, r.evidence_from, r.evidence_to, r.created_at,
			r.updated_at, r.applied_at, r.baseline_unit_cost, r.baseline_unit, r.realized_unit_cost, r.realized_monthly_savings,
			r.verified_at""";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	RecommendationStore(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/** A stored recommendation with the workload it belongs to. */
	record Stored(UUID workloadId, Recommendation recommendation) {
	}

	/**
	 * Updates the workload's live recommendation of the candidate's type in place, or opens a new one.
	 * @return the recommendation's id
	 */
	UUID save(UUID workloadId, Candidate candidate, LocalDate from, LocalDate to, Instant now) {
		UUID tenant = CurrentTenant.require();
		Double fitError = candidate.confidence().fitError();
		Map<String, Object> detail = Map.of("sampleCount", candidate.confidence().sampleCount(), "lookbackDays",
				candidate.confidence().lookbackDays(), "measured", candidate.confidence().measured(), "fitError",
				fitError == null || !Double.isFinite(fitError) ? -1 : fitError);
		return jdbc.sql("""
				insert into recommendations as r (tenant_id, id, workload_id, type, status, title, rationale, risks, assumptions,
				  current_configuration, proposed_configuration, evidence, confidence, confidence_detail, speedup,
				  current_monthly_cost, predicted_monthly_cost, monthly_savings, evidence_from, evidence_to, created_at, updated_at)
				values (:tenant, :id, :workload, :type, 'OPEN', :title, :rationale, :risks, :assumptions, :current::jsonb,
				  :proposed::jsonb, :evidence::jsonb, :confidence, :detail::jsonb, :speedup, :currentCost, :predictedCost,
				  :savings, :from, :to, :now, :now)
				on conflict (tenant_id, workload_id, type) where status in ('OPEN', 'ACCEPTED') do update set
				  title = excluded.title, rationale = excluded.rationale, risks = excluded.risks,
				  assumptions = excluded.assumptions, current_configuration = excluded.current_configuration,
				  proposed_configuration = excluded.proposed_configuration, evidence = excluded.evidence,
				  confidence = excluded.confidence, confidence_detail = excluded.confidence_detail, speedup = excluded.speedup,
				  current_monthly_cost = excluded.current_monthly_cost, predicted_monthly_cost = excluded.predicted_monthly_cost,
				  monthly_savings = excluded.monthly_savings, evidence_from = excluded.evidence_from,
				  evidence_to = excluded.evidence_to, updated_at = excluded.updated_at
				returning r.id""")
			.param("tenant", tenant)
			.param("id", UUID.randomUUID())
			.param("workload", workloadId)
			.param("type", candidate.type().name())
			.param("title", candidate.title())
			.param("rationale", candidate.rationale())
			.param("risks", candidate.risks().toArray(String[]::new))
			.param("assumptions", candidate.assumptions().toArray(String[]::new))
			.param("current", json.writeValueAsString(candidate.current()))
			.param("proposed", json.writeValueAsString(candidate.proposed()))
			.param("evidence", json.writeValueAsString(candidate.evidence()))
			.param("confidence", candidate.confidence().level().name())
			.param("detail", json.writeValueAsString(detail))
			.param("speedup", candidate.speedup())
			.param("currentCost", candidate.currentMonthlyCost())
			.param("predictedCost", candidate.predictedMonthlyCost())
			.param("savings", candidate.monthlySavings())
			.param("from", Date.valueOf(from))
			.param("to", Date.valueOf(to))
			.param("now", Timestamp.from(now))
			.query(UUID.class)
			.single();
	}

	/** Open recommendations of these workloads that the latest run no longer made expire. */
	int expireOthers(Collection<UUID> workloadIds, Collection<UUID> renewed, Instant now) {
		List<UUID> expired = jdbc.sql("""
				update recommendations set status = 'EXPIRED', updated_at = :now
				where tenant_id = :tenant and workload_id = any(:workloads::uuid[]) and status = 'OPEN'
				  and not (id = any(:renewed::uuid[]))
				returning id""")
			.param("now", Timestamp.from(now))
			.param("tenant", CurrentTenant.require())
			.param("workloads", workloadIds.toArray(UUID[]::new))
			.param("renewed", renewed.toArray(UUID[]::new))
			.query(UUID.class)
			.list();
		expired.forEach(id -> event(id, RecommendationStatus.EXPIRED, "No longer supported by the latest telemetry", "system", now));
		return expired.size();
	}

	Optional<Stored> find(UUID id, Map<UUID, String> workloadKeys) {
		return jdbc.sql("select " + COLUMNS + " from recommendations r where r.tenant_id = ? and r.id = ?")
			.param(CurrentTenant.require())
			.param(id)
			.query((rs, n) -> stored(rs, workloadKeys))
			.optional();
	}

	List<Stored> query(String where, Map<String, Object> parameters, Map<UUID, String> workloadKeys) {
		JdbcClient.StatementSpec statement = jdbc
			.sql("select " + COLUMNS + " from recommendations r where r.tenant_id = :tenant " + where)
			.param("tenant", CurrentTenant.require());
		for (Map.Entry<String, Object> parameter : parameters.entrySet()) {
			statement = statement.param(parameter.getKey(), parameter.getValue());
		}
		return statement.query((rs, n) -> stored(rs, workloadKeys)).list();
	}

	void changeStatus(UUID id, RecommendationStatus status, Instant now) {
		jdbc.sql("""
				update recommendations set status = :status, updated_at = :now,
				  applied_at = case when :status = 'APPLIED' then :now else applied_at end
				where tenant_id = :tenant and id = :id""")
			.param("status", status.name())
			.param("now", Timestamp.from(now))
			.param("tenant", CurrentTenant.require())
			.param("id", id)
			.update();
	}

	void baseline(UUID id, BigDecimal unitCost, String unit) {
		jdbc.sql("update recommendations set baseline_unit_cost = ?, baseline_unit = ? where tenant_id = ? and id = ?")
			.params(unitCost, unit, CurrentTenant.require(), id)
			.update();
	}

	void verified(UUID id, RecommendationStatus status, Recommendations.Baseline before, BigDecimal realizedUnitCost,
			BigDecimal realizedSavings, Instant now) {
		jdbc.sql("""
				update recommendations set status = ?, baseline_unit_cost = ?, baseline_unit = ?, realized_unit_cost = ?,
				  realized_monthly_savings = ?, verified_at = ?, updated_at = ?
				where tenant_id = ? and id = ?""")
			.params(status.name(), before.cost(), before.unit(), realizedUnitCost, realizedSavings, Timestamp.from(now),
					Timestamp.from(now), CurrentTenant.require(), id)
			.update();
	}

	void event(UUID id, RecommendationStatus status, String reason, String actor, Instant at) {
		jdbc.sql("""
				insert into recommendation_events (tenant_id, recommendation_id, at, status, reason, actor)
				values (?, ?, ?, ?, ?, ?) on conflict do nothing""")
			.params(CurrentTenant.require(), id, Timestamp.from(at), status.name(), reason, actor)
			.update();
	}

	List<Recommendation.Event> history(UUID id) {
		return jdbc.sql("""
				select at, status, reason, actor from recommendation_events
				where tenant_id = ? and recommendation_id = ? order by at""")
			.params(CurrentTenant.require(), id)
			.query((rs, n) -> new Recommendation.Event(rs.getTimestamp(1).toInstant(),
					RecommendationStatus.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4)))
			.list();
	}

	void deleteWorkload(UUID tenantId, UUID workloadId) {
		jdbc.sql("""
				delete from recommendation_events e using recommendations r
				where e.tenant_id = r.tenant_id and e.recommendation_id = r.id and r.tenant_id = ? and r.workload_id = ?""")
			.params(tenantId, workloadId)
			.update();
		jdbc.sql("delete from recommendations where tenant_id = ? and workload_id = ?").params(tenantId, workloadId).update();
		jdbc.sql("delete from recommendation_pending where tenant_id = ? and workload_id = ?").params(tenantId, workloadId).update();
	}

	private Stored stored(ResultSet rs, Map<UUID, String> workloadKeys) throws SQLException {
		UUID workloadId = rs.getObject(2, UUID.class);
		Map<String, Object> detail = json.readValue(rs.getString(13), new TypeReference<Map<String, Object>>() {
		});
		double fitError = ((Number) detail.getOrDefault("fitError", -1)).doubleValue();
		Confidence confidence = new Confidence(Level.valueOf(rs.getString(12)),
				((Number) detail.getOrDefault("sampleCount", 0)).longValue(),
				((Number) detail.getOrDefault("lookbackDays", 0)).intValue(), fitError < 0 ? null : fitError,
				Boolean.TRUE.equals(detail.get("measured")));
		BigDecimal baseline = rs.getBigDecimal(23);
		Recommendation.Verification verification = baseline == null ? null
				: new Recommendation.Verification(baseline, rs.getBigDecimal(25), rs.getString(24), rs.getBigDecimal(26),
						instant(rs, 27));
		double speedup = rs.getDouble(14);
		Double speed = rs.wasNull() ? null : speedup;
		Recommendation recommendation = new Recommendation(rs.getObject(1, UUID.class), workloadKeys.get(workloadId),
				RecommendationType.valueOf(rs.getString(3)), RecommendationStatus.valueOf(rs.getString(4)), rs.getString(5),
				rs.getString(6), strings(rs.getArray(7)), strings(rs.getArray(8)),
				json.readValue(rs.getString(9), WorkloadConfiguration.class),
				json.readValue(rs.getString(10), WorkloadConfiguration.class),
				json.readValue(rs.getString(11), new TypeReference<Map<String, Object>>() {
				}), confidence, speed, rs.getBigDecimal(15), rs.getBigDecimal(16), rs.getBigDecimal(17),
				rs.getDate(18).toLocalDate(), rs.getDate(19).toLocalDate(), rs.getTimestamp(20).toInstant(),
				rs.getTimestamp(21).toInstant(), instant(rs, 22), verification);
		return new Stored(workloadId, recommendation);
	}

	private static Instant instant(ResultSet rs, int column) throws SQLException {
		Timestamp value = rs.getTimestamp(column);
		return value == null ? null : value.toInstant();
	}

	private static List<String> strings(Array array) throws SQLException {
		return Arrays.asList((String[]) array.getArray());
	}
}
