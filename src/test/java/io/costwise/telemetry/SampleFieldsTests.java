package io.costwise.telemetry;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;

import io.costwise.InvalidFieldsException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The hand-written checks that replaced a regular expression per sample accept exactly what it accepted;
 * names matched on the parser's bytes read as names read as strings did.
 */
class SampleFieldsTests {

	static final Pattern WORKLOAD_KEY = Pattern.compile("[^/\\s\\p{Cntrl}]+");

	static final Pattern MIG_PROFILE = Pattern.compile("[1-7]g\\.\\d+gb");

	static final List<String> VALUES = List.of("", "a", "train-llama-3-70b", "a/b", "/", "a b", "a\tb", "a\nb", "a\u000Bb",
			"a\fb", "a\rb", "a\u0000b", "a\u001Fb", "a\u007Fb", "a\u0080b", "a\u00A0b", "a\u2028b", "ünïcödé", "名前",
			"emoji\uD83D\uDE00", "lone\uD800", "key:value", "1g.10gb", "3g.40gb", "7g.80gb", "8g.10gb", "0g.10gb", "1g.gb",
			"1g.10g", "1g10gb", "1G.10gb", "1g.10GB", "1g.1gb", "1g.١٠gb", "11g.10gb", "1g.10gbb", "1g.x0gb", " 1g.10gb");

	@Test
	void workloadKeysAsTheRegularExpression() {
		for (String value : VALUES) {
			assertThat(SampleFields.isWorkloadKey(value)).as("%s", value).isEqualTo(WORKLOAD_KEY.matcher(value).matches());
		}
	}

	@Test
	void migProfilesAsTheRegularExpression() {
		for (String value : VALUES) {
			assertThat(SampleFields.isMigProfile(value)).as("%s", value).isEqualTo(MIG_PROFILE.matcher(value).matches());
		}
	}

	@Test
	void batchStringsKeepOneInstancePerValue() {
		BatchStrings strings = new BatchStrings();
		char[] chars = "xx-node-a-node-b-node-a".toCharArray();
		String a = strings.of(chars, 3, 6);
		String b = strings.of(chars, 10, 6);
		assertThat(a).isEqualTo("node-a");
		assertThat(b).isEqualTo("node-b");
		assertThat(strings.of(chars, 17, 6)).isSameAs(a);
		assertThat(strings.of(chars, 0, 0)).isEmpty();
		// many distinct values: the table grows, and past its bound values are still returned correctly
		for (int i = 0; i < BatchStrings.MAX_ENTRIES + 10; i++) {
			char[] value = ("v" + i).toCharArray();
			assertThat(strings.of(value, 0, value.length)).isEqualTo("v" + i);
		}
		assertThat(strings.of("v17".toCharArray(), 0, 3)).isEqualTo("v17");
		assertThat(strings.of(chars, 3, 6)).isSameAs(a);
	}

	@Test
	void namesAreMatchedWhateverTheirSpellingAndUnknownOnesNamed() throws Exception {
		List<Sample> samples = parse("""
				[{"work\\u006coad": "w", "timestamp": "2026-01-01T00:00:00Z", "windowSeconds": 60, "node": "n",
				  "gpuMemoryTotalGiB": 80, "gpuMemoryUsedGiB": 40, "gpuUtil": null},
				 {"windowSeconds": 30, "timestamp": "2026-01-01T00:01:00Z", "workload": "w", "workload": "v"}]""");
		assertThat(samples).hasSize(2);
		assertThat(samples.get(0).workload()).isEqualTo("w");
		assertThat(samples.get(0).gpuMemoryTotalGiB()).isEqualTo(80.0);
		assertThat(samples.get(0).gpuUtil()).isNull();
		assertThat(samples.get(1).workload()).isEqualTo("v"); // the last of a repeated name, as before
		assertThatThrownBy(() -> parse("""
				[{"workload": "w", "timestamp": "2026-01-01T00:00:00Z", "windowSeconds": 60, "gpuUtilization": 0.5,
				  "Workload": "x", "nested": {"a": [1, 2]}}]"""))
			.isInstanceOfSatisfying(InvalidFieldsException.class, ex -> assertThat(ex.problems())
				.extracting(InvalidFieldsException.FieldProblem::pointer)
				.containsExactly("/0/Workload", "/0/gpuUtilization", "/0/nested"));
	}

	private static List<Sample> parse(String json) throws Exception {
		return SampleBatch.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
				SampleIngestion.Format.JSON, 100, Clock.systemUTC(), JsonMapper.builder().build());
	}
}
