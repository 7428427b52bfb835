package io.costwise.telemetry;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.costwise.InvalidFieldsException;
import io.costwise.InvalidFieldsException.FieldProblem;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.sym.BinaryNameMatcher;
import tools.jackson.core.sym.PropertyNameMatcher;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses one batch of samples as it streams in (JSON array or {@code {"samples": [...]}}, NDJSON,
 * CSV with a header row of wire-format names) and validates every sample. A batch is accepted
 * whole or rejected whole, with every bad field named.
 */
final class SampleBatch {

	/** Problems listed in one answer; beyond these the count alone is given. */
	static final int MAX_PROBLEMS_LISTED = 1000;

	private final List<Sample> samples = new ArrayList<>();

	private final List<FieldProblem> problems = new ArrayList<>();

	private final List<FieldProblem> pendingProblems = new ArrayList<>();

	private final int maxSamples;

	private final Clock clock;

	private int problemCount;

	/** Reused for every JSON sample of the batch. */
	private final SampleFields.Values values = new SampleFields.Values();

	/** Timestamps already parsed in this batch: a batch repeats a few window ends across many nodes. */
	private final Map<String, java.time.Instant> timestamps = new HashMap<>();

	/** The wire format's names, matched by the parser on the bytes it reads (no string per name). */
	private static final PropertyNameMatcher FIELDS = BinaryNameMatcher.construct(SampleFields.NAMES);

	/** The batch's text values, each kept once. */
	private final BatchStrings strings = new BatchStrings();

	private SampleBatch(int maxSamples, Clock clock) {
		this.maxSamples = maxSamples;
		this.clock = clock;
	}

	/**
	 * @throws InvalidFieldsException naming every bad field when any sample is invalid
	 * @throws ErrorResponseException 400 for a body that cannot be parsed, 413 for too many samples
	 */
	static List<Sample> parse(InputStream body, SampleIngestion.Format format, int maxSamples, Clock clock, JsonMapper json)
			throws IOException {
		SampleBatch batch = new SampleBatch(maxSamples, clock);
		// The parsers close what they read; the caller still drains and closes the body.
		body = new FilterInputStream(body) {
			@Override
			public void close() {
			}
		};
		switch (format) {
			case JSON -> batch.readJson(body, json);
			case NDJSON -> batch.readNdjson(body, json);
			case CSV -> batch.readCsv(new CsvReader(new InputStreamReader(body, StandardCharsets.UTF_8)));
		}
		if (batch.problemCount > 0) {
			throw batch.rejection();
		}
		if (batch.samples.isEmpty()) {
			throw badRequest("The batch holds no samples.");
		}
		return batch.samples;
	}

	private void readJson(InputStream body, JsonMapper json) {
		try (JsonParser parser = json.createParser(body)) {
			JsonToken first = parser.nextToken();
			if (first == JsonToken.START_ARRAY) {
				readArray(parser, "");
			}
			else if (first == JsonToken.START_OBJECT) {
				readEnvelope(parser);
			}
			else {
				throw badRequest("Send a JSON array of samples, or an object with a \"samples\" array.");
			}
		}
		catch (StreamReadException ex) {
			throw malformed(ex);
		}
	}

	private void readEnvelope(JsonParser parser) {
		boolean found = false;
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			JsonToken value = parser.nextToken();
			if ("samples".equals(name) && value == JsonToken.START_ARRAY) {
				readArray(parser, "/samples");
				found = true;
			}
			else {
				parser.skipChildren();
			}
		}
		if (!found) {
			throw badRequest("Send a JSON array of samples, or an object with a \"samples\" array.");
		}
	}

	private void readArray(JsonParser parser, String pointer) {
		int index = 0;
		for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
			int at = index++;
			if (token != JsonToken.START_OBJECT) {
				parser.skipChildren();
				add(FieldProblem.body(pointer + "/" + at, "must be a JSON object"));
				continue;
			}
			readObject(parser);
			accept(pointer, at);
		}
	}

	private void readNdjson(InputStream body, JsonMapper json) {
		try (JsonParser parser = json.createParser(body)) {
			int index = 0;
			for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
				int at = index++;
				if (token != JsonToken.START_OBJECT) {
					parser.skipChildren();
					add(FieldProblem.body("/" + at, "must be a JSON object (one per line)"));
					continue;
				}
				readObject(parser);
				accept("", at);
			}
		}
		catch (StreamReadException ex) {
			throw malformed(ex);
		}
	}

	private void readObject(JsonParser parser) {
		values.clear();
		for (int field = parser.nextNameMatch(FIELDS); field >= 0
				|| field == PropertyNameMatcher.MATCH_UNKNOWN_NAME; field = parser.nextNameMatch(FIELDS)) {
			String unknown = field < 0 ? parser.currentName() : null;
			Object value = switch (parser.nextToken()) {
				case VALUE_STRING -> strings.of(parser.getStringCharacters(), parser.getStringOffset(),
						parser.getStringLength());
				case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
				case VALUE_NULL -> null;
				default -> {
					parser.skipChildren();
					yield new Object();
				}
			};
			if (unknown == null) {
				values.put(field, value);
			}
			else {
				values.put(unknown, value);
			}
		}
	}

	/** The JSON sample just read into {@link #values}; its pointer is built only for a problem. */
	private void accept(String pointer, int index) {
		if (samples.size() + problemCount >= maxSamples) {
			throw tooMany();
		}
		Sample sample = SampleFields.read(values, "", clock, timestamps, pendingProblems);
		if (sample != null) {
			samples.add(sample);
		}
		if (!pendingProblems.isEmpty()) {
			String at = pointer + "/" + index;
			for (FieldProblem problem : pendingProblems) {
				add(FieldProblem.body(at + problem.pointer(), problem.detail()));
			}
			pendingProblems.clear();
		}
	}

	private void readCsv(CsvReader csv) throws IOException {
		try {
			readRecords(csv);
		}
		catch (IllegalArgumentException ex) {
			throw badRequest("The CSV body has a quoted field that never ends (from line " + csv.recordStartLine() + ").");
		}
	}

	private void readRecords(CsvReader csv) throws IOException {
		List<String> header = csv.nextRecord();
		if (header == null) {
			throw badRequest("The CSV body is empty; its first line names the fields.");
		}
		String[] names = header.stream().map(String::strip).toArray(String[]::new);
		int index = 0;
		for (List<String> record = csv.nextRecord(); record != null; record = csv.nextRecord()) {
			if (record.size() == 1 && record.get(0).isBlank()) {
				continue;
			}
			int line = csv.recordStartLine();
			if (record.size() != header.size()) {
				add(FieldProblem.body("/" + index++, "line " + line + " has " + record.size() + " values for "
						+ header.size() + " columns"));
				continue;
			}
			values.clear();
			for (int column = 0; column < names.length; column++) {
				values.put(names[column], record.get(column));
			}
			int before = problems.size();
			accept("/" + index++);
			locateInCsv(before, header, line);
		}
	}

	/** Adds the CSV line and column to the problems just found, so that people find them in a spreadsheet. */
	private void locateInCsv(int from, List<String> header, int line) {
		for (int i = from; i < problems.size(); i++) {
			FieldProblem problem = problems.get(i);
			String field = problem.pointer().substring(problem.pointer().lastIndexOf('/') + 1);
			int column = header.stream().map(String::strip).toList().indexOf(field) + 1;
			String where = column > 0 ? " (line " + line + ", column " + column + ")" : " (line " + line + ")";
			problems.set(i, FieldProblem.body(problem.pointer(), problem.detail() + where));
		}
	}

	/** The CSV record just read into {@link #values}. */
	private void accept(String pointer) {
		if (samples.size() + problemCount >= maxSamples) {
			throw tooMany();
		}
		List<FieldProblem> found = new ArrayList<>();
		Sample sample = SampleFields.read(values, pointer, clock, timestamps, found);
		found.forEach(this::add);
		if (sample != null) {
			samples.add(sample);
		}
	}

	private void add(FieldProblem problem) {
		problemCount++;
		if (problems.size() < MAX_PROBLEMS_LISTED) {
			problems.add(problem);
		}
	}

	private InvalidFieldsException rejection() {
		List<FieldProblem> listed = new ArrayList<>(problems);
		if (problemCount > problems.size()) {
			listed.add(FieldProblem.body("", (problemCount - problems.size()) + " more problems are not listed"));
		}
		return new InvalidFieldsException(listed);
	}

	private ErrorResponseException tooMany() {
		return new ErrorResponseException(HttpStatus.CONTENT_TOO_LARGE, ProblemDetail.forStatusAndDetail(
				HttpStatus.CONTENT_TOO_LARGE, "A batch holds at most " + maxSamples + " samples; split it."), null);
	}

	private static ErrorResponseException malformed(StreamReadException ex) {
		var location = ex.getLocation();
		String where = location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
		return badRequest("The body is not well-formed JSON" + where + ".");
	}

	static ErrorResponseException badRequest(String detail) {
		return new ErrorResponseException(HttpStatus.BAD_REQUEST,
				ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail), null);
	}
}
