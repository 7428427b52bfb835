package io.costwise.telemetry;

import java.util.Arrays;

/**
 * The text values of one batch, each kept once: a batch repeats a few workload keys, nodes, regions,
 * instance types and window ends across thousands of samples. Looked up straight from the parser's
 * characters, so a repeated value costs no new {@link String}; and because equal values are then the
 * same instance, the maps that group a batch compare them by identity first. Bounded: past
 * {@link #MAX_ENTRIES} distinct values, new ones are returned without being kept.
 */
final class BatchStrings {

	static final int MAX_ENTRIES = 1 << 16;

	private String[] values = new String[1 << 10];

	private char[][] chars = new char[1 << 10][];

	private int[] hashes = new int[1 << 10];

	private int size;

	/** The value of {@code text[offset, offset + length)}, as the one instance kept for it. */
	String of(char[] text, int offset, int length) {
		int end = offset + length;
		int hash = length;
		for (int i = offset; i < end; i++) {
			hash = 31 * hash + text[i];
		}
		hash ^= hash >>> 16;
		int mask = values.length - 1;
		for (int slot = hash & mask;; slot = (slot + 1) & mask) {
			String kept = values[slot];
			if (kept == null) {
				String value = new String(text, offset, length);
				if (size < MAX_ENTRIES) {
					values[slot] = value;
					chars[slot] = Arrays.copyOfRange(text, offset, end);
					hashes[slot] = hash;
					if (++size * 2 > values.length) {
						grow();
					}
				}
				return value;
			}
			if (hashes[slot] == hash && Arrays.equals(chars[slot], 0, chars[slot].length, text, offset, end)) {
				return kept;
			}
		}
	}

	private void grow() {
		String[] oldValues = values;
		char[][] oldChars = chars;
		int[] oldHashes = hashes;
		values = new String[oldValues.length * 2];
		chars = new char[values.length][];
		hashes = new int[values.length];
		int mask = values.length - 1;
		for (int i = 0; i < oldValues.length; i++) {
			if (oldValues[i] != null) {
				int slot = oldHashes[i] & mask;
				while (values[slot] != null) {
					slot = (slot + 1) & mask;
				}
				values[slot] = oldValues[i];
				chars[slot] = oldChars[i];
				hashes[slot] = oldHashes[i];
			}
		}
	}
}
