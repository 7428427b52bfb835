package io.costwise;

import java.util.List;
import java.util.function.Function;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One page of a list. {@code nextCursor} is opaque to clients and absent on the last page.
 */
public record CursorPage<T>(List<T> items, @Schema(nullable = true) String nextCursor) {

	/**
	 * Builds a page from {@code limit + 1} fetched rows: the extra row only tells that more follow.
	 */
	public static <T> CursorPage<T> of(List<T> fetched, int limit, Function<T, Cursor> cursorOf) {
		if (fetched.size() <= limit) {
			return new CursorPage<>(fetched, null);
		}
		List<T> items = fetched.subList(0, limit);
		return new CursorPage<>(List.copyOf(items), cursorOf.apply(items.get(limit - 1)).encode());
	}

	public <R> CursorPage<R> map(Function<T, R> mapper) {
		return new CursorPage<>(items.stream().map(mapper).toList(), nextCursor);
	}
}
