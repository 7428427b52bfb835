package io.costwise.telemetry;

/**
 * The text values of one batch, each kept once: a batch repeats a few workload keys, nodes, regions,
 * instance types and window ends across thousands of samples. Looked up straight from the parser's
 * characters, so a repeated value costs neither a new {@link String} nor hashing one; and because
 * equal values are then the same instance, the maps that group a batch compare them by identity
 * first. Bounded: past {@link #MAX_ENTRIES} distinct values, new ones are returned without being kept.
 */
final class BatchStrings {

	static final int MAX_ENTRIES = 1 << 16;

	private String[] table = new String[1 << 10];

	private int size;

	/** The value of {@code chars[offset, offset + length)}, as the one instance kept for it. */
	String of(char[] chars, int offset, int length) {
		int hash = 0;
		for (int i = offset, end = offset + length; i < end; i++) {
			hash = 31 * hash + chars[i]; // String.hashCode, so the kept instance's cached hash agrees
		}
		int mask = table.length - 1;
		for (int slot = spread(hash) & mask;; slot = (slot + 1) & mask) {
			String kept = table[slot];
			if (kept == null) {
				String value = new String(chars, offset, length);
				if (size < MAX_ENTRIES) {
					table[slot] = value;
					if (++size * 2 > table.length) {
						grow();
					}
				}
				return value;
			}
			if (kept.length() == length && kept.hashCode() == hash && sameChars(kept, chars, offset)) {
				return kept;
			}
		}
	}

	private static boolean sameChars(String kept, char[] chars, int offset) {
		for (int i = 0; i < kept.length(); i++) {
			if (kept.charAt(i) != chars[offset + i]) {
				return false;
			}
		}
		return true;
	}

	private static int spread(int hash) {
		return hash ^ (hash >>> 16);
	}

	private void grow() {
		String[] old = table;
		table = new String[old.length * 2];
		int mask = table.length - 1;
		for (String kept : old) {
			if (kept != null) {
				int slot = spread(kept.hashCode()) & mask;
				while (table[slot] != null) {
					slot = (slot + 1) & mask;
				}
				table[slot] = kept;
			}
		}
	}
}
