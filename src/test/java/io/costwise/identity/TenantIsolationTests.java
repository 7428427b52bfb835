package io.costwise.identity;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.costwise.Callers;
import io.costwise.CostwiseTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

/**
 * Sweeps every endpoint of the API: without credentials it answers 401, for another tenant's
 * resource 404 exactly as for a missing one, and to a VIEWER writing 403, always as problem+json.
 * A new endpoint that is not listed here fails {@link #everyApiEndpointIsSwept()}.
 */
@CostwiseTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantIsolationTests {

	/** The other tenant's resources, by the path variable that names them. */
	record Foreign(UUID userId, UUID apiKeyId, UUID invitationId, String workloadKey, UUID recommendationId,
			UUID subscriptionId) {
	}

	/**
	 * @param pathFor the path, filled in with the other tenant's resource where it names one
	 * @param body a valid body, so that only the tenant (or the role) can make it fail
	 * @param publicEndpoint answers without credentials by design
	 * @param namesResource whether the path names a tenant's resource
	 * @param write whether a VIEWER is refused
	 */
	record Endpoint(HttpMethod method, String pattern, Function<Foreign, String> pathFor, String body,
			boolean publicEndpoint, boolean namesResource, boolean write) {

		@Override
		public String toString() {
			return method + " " + pattern;
		}
	}

	static final String SAMPLE = "[{\"workload\":\"foreign-workload\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"windowSeconds\":60}]";

	static final String SUBSCRIPTION = """
			{"name": "Weekly", "recipients": ["sweep@example.com"], "cadence": "WEEKLY", "dayOfWeek": "MONDAY",
			 "timeOfDay": "08:00", "timeZone": "UTC"}""";

	static List<Endpoint> endpoints() {
		return List.of(
				open(HttpMethod.POST, "/api/v1/signup",
						"{\"organisationName\":\"x\",\"email\":\"sweep@example.com\",\"password\":\"correct horse battery\"}"),
				open(HttpMethod.POST, "/api/v1/session", "{\"email\":\"sweep@example.com\",\"password\":\"x\"}"),
				open(HttpMethod.DELETE, "/api/v1/session", null),
				open(HttpMethod.POST, "/api/v1/invitations/preview", "{\"token\":\"x\"}"),
				open(HttpMethod.POST, "/api/v1/invitations/accept", "{\"token\":\"x\"}"),
				open(HttpMethod.GET, "/api/v1/demo", null),
				read("/api/v1/me"),
				write(HttpMethod.PUT, "/api/v1/me/password", f -> "/api/v1/me/password",
						"{\"currentPassword\":\"x\",\"newPassword\":\"another long password\"}", false),
				write(HttpMethod.PUT, "/api/v1/session/tenant", f -> "/api/v1/session/tenant", null, false),
				write(HttpMethod.POST, "/api/v1/tenants", f -> "/api/v1/tenants", "{\"name\":\"x\"}", false),
				read("/api/v1/members"),
				write(HttpMethod.PATCH, "/api/v1/members/{userId}", f -> "/api/v1/members/" + f.userId(),
						"{\"role\":\"VIEWER\"}", true),
				write(HttpMethod.DELETE, "/api/v1/members/{userId}", f -> "/api/v1/members/" + f.userId(), null, true),
				adminRead("/api/v1/invitations"),
				write(HttpMethod.POST, "/api/v1/invitations", f -> "/api/v1/invitations",
						"{\"email\":\"sweep-invite@example.com\",\"role\":\"VIEWER\"}", false),
				write(HttpMethod.DELETE, "/api/v1/invitations/{invitationId}",
						f -> "/api/v1/invitations/" + f.invitationId(), null, true),
				adminRead("/api/v1/api-keys"),
				write(HttpMethod.POST, "/api/v1/api-keys", f -> "/api/v1/api-keys",
						"{\"name\":\"x\",\"scopes\":[\"read\"]}", false),
				write(HttpMethod.DELETE, "/api/v1/api-keys/{apiKeyId}", f -> "/api/v1/api-keys/" + f.apiKeyId(), null,
						true),
				write(HttpMethod.POST, "/api/v1/telemetry/samples", f -> "/api/v1/telemetry/samples", SAMPLE, false),
				read("/api/v1/workloads"),
				resource(HttpMethod.GET, "/api/v1/workloads/{key}", f -> "/api/v1/workloads/" + f.workloadKey()),
				resource(HttpMethod.GET, "/api/v1/workloads/{key}/usage",
						f -> "/api/v1/workloads/" + f.workloadKey() + "/usage"),
				write(HttpMethod.PATCH, "/api/v1/workloads/{key}", f -> "/api/v1/workloads/" + f.workloadKey(),
						"{\"interruptible\":true}", true),
				write(HttpMethod.DELETE, "/api/v1/workloads/{key}", f -> "/api/v1/workloads/" + f.workloadKey(), null,
						true),
				resource(HttpMethod.GET, "/api/v1/workloads/{key}/cost",
						f -> "/api/v1/workloads/" + f.workloadKey() + "/cost"),
				read("/api/v1/costs"),
				new Endpoint(HttpMethod.GET, "/api/v1/costs/export", f -> "/api/v1/costs/export?from=2026-01-01&to=2026-01-02",
						null, false, false, false),
				read("/api/v1/pricing/gpu-models"),
				read("/api/v1/pricing/reference-prices"),
				read("/api/v1/pricing/instance-types"),
				read("/api/v1/pricing/overrides"),
				write(HttpMethod.PUT, "/api/v1/pricing/discounts/{provider}", f -> "/api/v1/pricing/discounts/aws",
						"{\"discountPercent\":5,\"effectiveFrom\":\"2026-01-01\"}", false),
				write(HttpMethod.PUT, "/api/v1/pricing/instance-prices/{provider}/{region}/{instanceType}/{purchaseOption}",
						f -> "/api/v1/pricing/instance-prices/aws/us-east-1/g5.xlarge/ON_DEMAND",
						"{\"hourlyPriceUsd\":0.9,\"effectiveFrom\":\"2026-01-01\"}", false),
				write(HttpMethod.PUT, "/api/v1/pricing/gpu-hour-prices/{gpuModel}", f -> "/api/v1/pricing/gpu-hour-prices/T4",
						"{\"hourlyPriceUsd\":0.3,\"effectiveFrom\":\"2026-01-01\"}", false),
				read("/api/v1/recommendations"),
				read("/api/v1/recommendations/savings"),
				read("/api/v1/recommendations/calibration"),
				resource(HttpMethod.GET, "/api/v1/recommendations/{id}", f -> "/api/v1/recommendations/" + f.recommendationId()),
				write(HttpMethod.POST, "/api/v1/recommendations/{id}/accept",
						f -> "/api/v1/recommendations/" + f.recommendationId() + "/accept", "{\"reason\":\"x\"}", true),
				write(HttpMethod.POST, "/api/v1/recommendations/{id}/dismiss",
						f -> "/api/v1/recommendations/" + f.recommendationId() + "/dismiss", "{\"reason\":\"x\"}", true),
				write(HttpMethod.POST, "/api/v1/recommendations/{id}/apply",
						f -> "/api/v1/recommendations/" + f.recommendationId() + "/apply", null, true),
				read("/api/v1/report-subscriptions"),
				new Endpoint(HttpMethod.POST, "/api/v1/report-subscriptions", f -> "/api/v1/report-subscriptions",
						SUBSCRIPTION, false, false, false),
				subscription(HttpMethod.GET, "", null),
				subscription(HttpMethod.PATCH, "", "{\"name\":\"x\"}"),
				subscription(HttpMethod.DELETE, "", null),
				subscription(HttpMethod.GET, "/deliveries", null),
				subscription(HttpMethod.POST, "/preview", null),
				open(HttpMethod.POST, "/api/v1/report-unsubscribe", null),
				new Endpoint(HttpMethod.POST, "/api/v1/workloads/{key}/what-if",
						f -> "/api/v1/workloads/" + f.workloadKey() + "/what-if", "{\"precision\":\"BF16\"}", false, true,
						false));
	}

	@Autowired
	MockMvcTester mvc;

	@Autowired
	org.springframework.jdbc.core.simple.JdbcClient jdbc;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping handlerMapping;

	Callers.Person owner;

	Callers.Person viewer;

	Foreign foreign;

	@BeforeAll
	void twoTenants() {
		var callers = new Callers(mvc);
		owner = callers.signUp();
		viewer = callers.member(owner, "VIEWER");
		var other = callers.signUp();
		callers.apiKey(other, "read");
		mvc.post()
			.uri("/api/v1/invitations")
			.with(other)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"email\":\"" + Callers.uniqueEmail("foreign") + "\",\"role\":\"VIEWER\"}")
			.exchange();
		var otherMember = callers.member(other, "MEMBER");
		UUID apiKeyId = UUID.fromString(Callers.body(mvc.get().uri("/api/v1/api-keys").with(other).exchange())
			.get("items").get(0).get("id").asString());
		UUID invitationId = UUID.fromString(Callers.body(mvc.get().uri("/api/v1/invitations").with(other).exchange())
			.get("items").get(0).get("id").asString());
		mvc.post()
			.uri("/api/v1/telemetry/samples")
			.with(Callers.bearer(callers.apiKey(other, "telemetry:write")))
			.contentType(MediaType.APPLICATION_JSON)
			.content(SAMPLE)
			.exchange();
		UUID subscriptionId = UUID.fromString(Callers.body(mvc.post()
			.uri("/api/v1/report-subscriptions")
			.with(other)
			.contentType(MediaType.APPLICATION_JSON)
			.content(SUBSCRIPTION.replace("sweep@example.com", other.email()))
			.exchange()).get("id").asString());
		foreign = new Foreign(otherMember.userId(), apiKeyId, invitationId, "foreign-workload",
				recommendationOf(other.tenantId(), "foreign-workload"), subscriptionId);
	}

	/** A recommendation stored directly (as the schema owner), as the engine would store one. */
	private UUID recommendationOf(UUID tenant, String workloadKey) {
		UUID id = UUID.randomUUID();
		jdbc.sql("""
				insert into recommendations (tenant_id, id, workload_id, type, status, title, rationale, risks, assumptions,
				  current_configuration, proposed_configuration, evidence, confidence, confidence_detail,
				  current_monthly_cost, predicted_monthly_cost, monthly_savings, evidence_from, evidence_to, created_at, updated_at)
				select tenant_id, ?, id, 'SPOT', 'OPEN', 'Run on spot', 'x', '{}', '{}', '{}', '{}', '{}', 'HIGH', '{}', 10, 5, 5,
				  current_date, current_date, now(), now()
				from workloads where tenant_id = ? and key = ?""")
			.params(id, tenant, workloadKey)
			.update();
		return id;
	}

	@Test
	void everyApiEndpointIsSwept() {
		Set<String> mapped = handlerMapping.getHandlerMethods()
			.keySet()
			.stream()
			.flatMap(info -> info.getPatternValues()
				.stream()
				.filter(pattern -> pattern.startsWith("/api/"))
				.flatMap(pattern -> info.getMethodsCondition().getMethods().stream().map(method -> method + " " + pattern)))
			.collect(Collectors.toCollection(TreeSet::new));
		Set<String> swept = endpoints().stream().map(Endpoint::toString).collect(Collectors.toCollection(TreeSet::new));

		assertThat(swept).isEqualTo(mapped);
	}

	@ParameterizedTest
	@MethodSource("protectedEndpoints")
	void withoutCredentialsAnEndpointAnswers401(Endpoint endpoint) {
		var result = call(endpoint, endpoint.pathFor().apply(foreign), csrf());

		assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@ParameterizedTest
	@MethodSource("resourceEndpoints")
	void anotherTenantsResourceAnswers404(Endpoint endpoint) {
		var result = call(endpoint, endpoint.pathFor().apply(foreign), owner);

		assertThat(result).hasStatus(HttpStatus.NOT_FOUND).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@ParameterizedTest
	@MethodSource("resourceEndpoints")
	void anotherTenantsResourceAnswersLikeOneThatNeverExisted(Endpoint endpoint) {
		var missing = new Foreign(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "never-seen-workload",
				UUID.randomUUID(), UUID.randomUUID());

		var foreignResult = call(endpoint, endpoint.pathFor().apply(foreign), owner);
		var missingResult = call(endpoint, endpoint.pathFor().apply(missing), owner);

		assertThat(Callers.body(foreignResult).get("detail")).isEqualTo(Callers.body(missingResult).get("detail"));
	}

	@ParameterizedTest
	@MethodSource("writeEndpoints")
	void aViewerWritingAnswers403(Endpoint endpoint) {
		var result = call(endpoint, endpoint.pathFor().apply(foreign), viewer);

		assertThat(result).hasStatus(HttpStatus.FORBIDDEN).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	Stream<Endpoint> protectedEndpoints() {
		return endpoints().stream().filter(endpoint -> !endpoint.publicEndpoint());
	}

	Stream<Endpoint> resourceEndpoints() {
		return endpoints().stream().filter(Endpoint::namesResource);
	}

	Stream<Endpoint> writeEndpoints() {
		return endpoints().stream().filter(Endpoint::write);
	}

	private MvcTestResult call(Endpoint endpoint, String path, RequestPostProcessor caller) {
		var request = mvc.method(endpoint.method()).uri(path).with(caller);
		if (endpoint.body() != null) {
			request.contentType(MediaType.APPLICATION_JSON).content(endpoint.body());
		}
		return request.exchange();
	}

	private static Endpoint open(HttpMethod method, String path, String body) {
		return new Endpoint(method, path, f -> path, body, true, false, false);
	}

	private static Endpoint read(String path) {
		return new Endpoint(HttpMethod.GET, path, f -> path, null, false, false, false);
	}

	private static Endpoint resource(HttpMethod method, String pattern, Function<Foreign, String> pathFor) {
		return new Endpoint(method, pattern, pathFor, null, false, true, false);
	}

	/** Any member manages their own subscriptions, so a VIEWER is not refused; another tenant's answer 404. */
	private static Endpoint subscription(HttpMethod method, String suffix, String body) {
		return new Endpoint(method, "/api/v1/report-subscriptions/{id}" + suffix,
				f -> "/api/v1/report-subscriptions/" + f.subscriptionId() + suffix, body, false, true, false);
	}

	private static Endpoint adminRead(String path) {
		return new Endpoint(HttpMethod.GET, path, f -> path, null, false, false, true);
	}

	private static Endpoint write(HttpMethod method, String pattern, Function<Foreign, String> pathFor, String body,
			boolean namesResource) {
		boolean viewerMayDoIt = pattern.startsWith("/api/v1/me") || pattern.startsWith("/api/v1/session")
				|| pattern.equals("/api/v1/tenants");
		return new Endpoint(method, pattern, pathFor, body, false, namesResource, !viewerMayDoIt);
	}
}
