package io.costwise.telemetry;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RFC 4180 CSV record by record from a stream: quoted fields may hold commas, quotes ("") and
 * line breaks.
 */
final class CsvReader {

	private final Reader in;

	private int line = 1;

	private int recordStartLine;

	private int pushedBack = -2;

	CsvReader(Reader in) {
		this.in = in.markSupported() ? in : new java.io.BufferedReader(in, 1 << 16);
	}

	/** The next record, or {@code null} at the end of the input. */
	List<String> nextRecord() throws IOException {
		int c = read();
		if (c == -1) {
			return null;
		}
		recordStartLine = line;
		List<String> fields = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		boolean quoted = false;
		while (true) {
			if (quoted) {
				if (c == -1) {
					throw new IllegalArgumentException("unterminated quoted field");
				}
				if (c == '"') {
					int next = read();
					if (next == '"') {
						field.append('"');
					}
					else {
						quoted = false;
						c = next;
						continue;
					}
				}
				else {
					field.append((char) c);
				}
			}
			else if (c == '"' && field.isEmpty()) {
				quoted = true;
			}
			else if (c == ',') {
				fields.add(field.toString());
				field.setLength(0);
			}
			else if (c == '\r' || c == '\n' || c == -1) {
				if (c == '\r') {
					int next = read();
					if (next != '\n') {
						pushedBack = next;
					}
				}
				fields.add(field.toString());
				return fields;
			}
			else {
				field.append((char) c);
			}
			c = read();
		}
	}

	int recordStartLine() {
		return recordStartLine;
	}

	private int read() throws IOException {
		int c;
		if (pushedBack != -2) {
			c = pushedBack;
			pushedBack = -2;
		}
		else {
			c = in.read();
		}
		if (c == '\n') {
			line++;
		}
		return c;
	}
}
