package io.costwise.telemetry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import com.google.protobuf.util.JsonFormat;
import io.costwise.Callers;
import io.costwise.CostwiseTest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static io.costwise.Callers.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

@CostwiseTest
class OtlpIngestionTests {

	static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MINUTES);

	static final MediaType PROTOBUF = MediaType.parseMediaType("application/x-protobuf");

	static final double GIB = 1024.0 * 1024 * 1024;

	@Autowired
	MockMvcTester mvc;

	@Autowired
	JdbcClient jdbc;

	Callers.Person owner;

	String key;

	@BeforeEach
	void anOrganisationWithAnIngestKey() {
		var callers = new Callers(mvc);
		owner = callers.signUp();
		key = callers.apiKey(owner, "telemetry:write");
	}

	@Test
	void aDcgmExportOfTwoGpusOnOneHostBecomesOneSamplePerGpuPreferringSmActivity() {
		var result = post(PROTOBUF, dcgmExport().toByteArray());

		assertThat(result).hasStatus(HttpStatus.OK).hasContentType(PROTOBUF);
		assertThat(gpuSamples()).containsExactly(
				tuple("host-1/gpu0", 0.62, 1.0, 40.0, 80.0, "NVIDIA A100-SXM4-80GB", "aws", "us-east-1", "p4d.24xlarge", 60.0),
				tuple("host-1/gpu1", 0.3, 1.0, 20.0, 80.0, "NVIDIA A100-SXM4-80GB", "aws", "us-east-1", "p4d.24xlarge", 60.0));
	}

	@Test
	void theOtlpJsonEncodingIsAcceptedAndAnsweredInJson() throws IOException {
		var result = post(MediaType.APPLICATION_JSON, JsonFormat.printer().print(dcgmExport()).getBytes());

		assertThat(result).hasStatus(HttpStatus.OK).hasContentType(MediaType.APPLICATION_JSON);
		var response = ExportMetricsServiceResponse.newBuilder();
		JsonFormat.parser().merge(result.getResponse().getContentAsString(), response);
		assertThat(response.hasPartialSuccess()).isFalse();
		assertThat(gpuSamples()).extracting(row -> row.toList().subList(0, 2))
			.containsExactly(List.of("host-1/gpu0", 0.62), List.of("host-1/gpu1", 0.3));
	}

	@Test
	void gpuUtilisationInPercentIsUsedWhereSmActivityIsNotSent() {
		var export = export(resource(Map.of("service.name", "server", "host.name", "host-2")),
				gauge(OtlpMetrics.GPU_UTIL, point(45, Map.of("gpu", "0"))));

		assertThat(post(PROTOBUF, export.toByteArray())).hasStatus(HttpStatus.OK);

		assertThat(gpuSamples()).extracting(row -> row.toList().subList(0, 2)).containsExactly(List.of("host-2/gpu0", 0.45));
	}

	@Test
	void hostMetricsBecomeCpuAndMemoryOfTheHost() {
		var export = export(resource(Map.of("costwise.workload", "trainer", "service.name", "otelcol", "host.name", "host-1")),
				gauge(OtlpMetrics.CPU_UTILIZATION, point(0.2, Map.of("cpu", "cpu0", "state", "idle")),
						point(0.7, Map.of("cpu", "cpu0", "state", "user")), point(0.1, Map.of("cpu", "cpu0", "state", "system")),
						point(0.6, Map.of("cpu", "cpu1", "state", "idle")), point(0.4, Map.of("cpu", "cpu1", "state", "user"))),
				sum(OtlpMetrics.MEMORY_USAGE, point(12 * GIB, Map.of("state", "used")), point(2 * GIB, Map.of("state", "free")),
						point(2 * GIB, Map.of("state", "cached")), point(1 * GIB, Map.of("state", "slab_reclaimable"))),
				sum(OtlpMetrics.CPU_COUNT, point(2, Map.of())));

		assertThat(post(PROTOBUF, export.toByteArray())).hasStatus(HttpStatus.OK);

		var stored = jdbc.sql("""
				select w.key, s.node, s.cpu_util, s.vcpus, s.memory_gib, s.memory_used_gib, s.window_seconds, s.gpu_count
				from samples s join workloads w on w.tenant_id = s.tenant_id and w.id = s.workload_id where s.tenant_id = ?""")
			.param(owner.tenantId())
			.query((rs, row) -> tuple(rs.getString(1), rs.getString(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5),
					rs.getDouble(6), rs.getDouble(7), rs.getObject(8)))
			.list();
		assertThat(stored).containsExactly(tuple("trainer", "host-1", 0.6, 2.0, 16.0, 12.0, 60.0, null));
	}

	@Test
	void aGzippedExportIsAccepted() throws IOException {
		var result = mvc.post()
			.uri("/otlp/v1/metrics")
			.with(bearer(key))
			.contentType(PROTOBUF)
			.header("Content-Encoding", "gzip")
			.content(gzip(dcgmExport().toByteArray()))
			.exchange();

		assertThat(result).hasStatus(HttpStatus.OK);
		assertThat(gpuSamples()).hasSize(2);
	}

	@Test
	void anExportWithoutAWorkloadIsRejectedNamingTheResource() {
		var export = ExportMetricsServiceRequest.newBuilder(dcgmExport())
			.addResourceMetrics(resourceMetrics(resource(Map.of("host.name", "host-3")),
					gauge(OtlpMetrics.SM_ACTIVE, point(0.5, Map.of("gpu", "0")))))
			.build();

		var result = post(PROTOBUF, export.toByteArray());

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson()
			.extractingPath("$.errors[*].pointer")
			.asArray()
			.containsExactly("/resourceMetrics/1/resource/attributes");
		assertThat(storedSamples()).isZero();
	}

	@Test
	void anInvalidValueIsRejectedNamingItsDataPointAndField() {
		var export = export(resource(Map.of("service.name", "server", "host.name", "host-2")),
				gauge(OtlpMetrics.GPU_UTIL, point(45, Map.of("gpu", "0"))),
				gauge(OtlpMetrics.SM_ACTIVE, point(0.5, Map.of("gpu", "1")), point(1.5, Map.of("gpu", "0"))));

		var result = post(PROTOBUF, export.toByteArray());

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.errors[*].pointer")
			.asArray()
			.containsExactly("/resourceMetrics/0/scopeMetrics/0/metrics/1/dataPoints/1/gpuUtil");
		assertThat(storedSamples()).isZero();
	}

	@Test
	void aBodyThatIsNotOtlpIsRejected() {
		assertThat(post(PROTOBUF, new byte[] { 1, 2, 3 })).hasStatus(HttpStatus.BAD_REQUEST);
		assertThat(post(MediaType.APPLICATION_JSON, "{\"resourceMetrics\": 7}".getBytes())).hasStatus(HttpStatus.BAD_REQUEST);
	}

	@Test
	void withoutCredentialsOrWithAReadOnlyKeyNothingIsStored() {
		String readOnly = new Callers(mvc).apiKey(owner, "read");
		byte[] body = dcgmExport().toByteArray();

		assertThat(mvc.post().uri("/otlp/v1/metrics").contentType(PROTOBUF).content(body))
			.hasStatus(HttpStatus.UNAUTHORIZED);
		assertThat(mvc.post().uri("/otlp/v1/metrics").with(bearer(readOnly)).contentType(PROTOBUF).content(body))
			.hasStatus(HttpStatus.FORBIDDEN);
		assertThat(storedSamples()).isZero();
	}

	@Test
	void anotherTenantNeverSeesTheSamples() {
		var other = new Callers(mvc).signUp();

		post(PROTOBUF, dcgmExport().toByteArray());

		assertThat(storedSamples()).isEqualTo(2);
		assertThat(jdbc.sql("select count(*) from samples where tenant_id = ?").param(other.tenantId()).query(Long.class)
			.single()).isZero();
	}

	/** Two A100s on one AWS host, as dcgm-exporter's metrics arrive through a collector. */
	static ExportMetricsServiceRequest dcgmExport() {
		Map<String, String> gpu0 = Map.of("gpu", "0", "UUID", "GPU-aaaa", "modelName", "NVIDIA A100-SXM4-80GB");
		Map<String, String> gpu1 = Map.of("gpu", "1", "UUID", "GPU-bbbb", "modelName", "NVIDIA A100-SXM4-80GB");
		Histogram latency = Histogram.newBuilder()
			.setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
			.addDataPoints(HistogramDataPoint.newBuilder().setTimeUnixNano(nanos(NOW)).setCount(3).setSum(1.5))
			.build();
		return export(resource(Map.of("service.name", "llm-trainer", "host.name", "host-1", "cloud.provider", "aws",
				"cloud.region", "us-east-1", "host.type", "p4d.24xlarge")),
				gauge(OtlpMetrics.GPU_UTIL, point(90, gpu0), point(40, gpu1)),
				gauge(OtlpMetrics.SM_ACTIVE, point(0.62, gpu0), point(0.3, gpu1)),
				gauge(OtlpMetrics.FB_USED, point(40960, gpu0), point(20480, gpu1)),
				gauge(OtlpMetrics.FB_FREE, point(40960, gpu0), point(61440, gpu1)),
				gauge("DCGM_FI_DEV_POWER_USAGE", point(300, gpu0)),
				Metric.newBuilder().setName("http.server.duration").setHistogram(latency).build());
	}

	static ExportMetricsServiceRequest export(Resource resource, Metric... metrics) {
		return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(resourceMetrics(resource, metrics)).build();
	}

	static ResourceMetrics resourceMetrics(Resource resource, Metric... metrics) {
		return ResourceMetrics.newBuilder()
			.setResource(resource)
			.addScopeMetrics(ScopeMetrics.newBuilder().addAllMetrics(List.of(metrics)))
			.build();
	}

	static Resource resource(Map<String, String> attributes) {
		return Resource.newBuilder().addAllAttributes(attributes(attributes)).build();
	}

	static Metric gauge(String name, NumberDataPoint... points) {
		return Metric.newBuilder().setName(name).setGauge(Gauge.newBuilder().addAllDataPoints(List.of(points))).build();
	}

	/** A cumulative, non-monotonic sum, as the hostmetrics receiver sends memory usage. */
	static Metric sum(String name, NumberDataPoint... points) {
		return Metric.newBuilder()
			.setName(name)
			.setSum(Sum.newBuilder()
				.setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
				.addAllDataPoints(List.of(points)))
			.build();
	}

	/** A point at NOW, a few nanoseconds apart as separate scrapers stamp them, with integers as integers. */
	static NumberDataPoint point(double value, Map<String, String> attributes) {
		var point = NumberDataPoint.newBuilder()
			.setTimeUnixNano(nanos(NOW) + attributes.size())
			.setStartTimeUnixNano(nanos(NOW.minus(3, ChronoUnit.DAYS)))
			.addAllAttributes(attributes(attributes));
		return value == Math.rint(value) && value < Long.MAX_VALUE ? point.setAsInt((long) value).build()
				: point.setAsDouble(value).build();
	}

	static List<KeyValue> attributes(Map<String, String> attributes) {
		return attributes.entrySet()
			.stream()
			.map(entry -> KeyValue.newBuilder()
				.setKey(entry.getKey())
				.setValue(AnyValue.newBuilder().setStringValue(entry.getValue()))
				.build())
			.toList();
	}

	static long nanos(Instant instant) {
		return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
	}

	private List<org.assertj.core.groups.Tuple> gpuSamples() {
		return jdbc.sql("""
				select node, gpu_util, gpu_count, gpu_memory_used_gib, gpu_memory_total_gib, gpu_model, provider, region,
				       instance_type, window_seconds
				from samples where tenant_id = ? and gpu_count is not null order by node""")
			.param(owner.tenantId())
			.query((rs, row) -> tuple(rs.getString(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5),
					rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getDouble(10)))
			.list();
	}

	private MvcTestResult post(MediaType type, byte[] body) {
		return mvc.post().uri("/otlp/v1/metrics").with(bearer(key)).contentType(type).content(body).exchange();
	}

	private long storedSamples() {
		return jdbc.sql("select count(*) from samples where tenant_id = ?").param(owner.tenantId()).query(Long.class).single();
	}

	private static byte[] gzip(byte[] bytes) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream zipped = new GZIPOutputStream(out)) {
			zipped.write(bytes);
		}
		return out.toByteArray();
	}
}
