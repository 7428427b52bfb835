package io.costwise.identity;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a machine may do with an API key.
 */
public enum ApiKeyScope {

	TELEMETRY_WRITE("telemetry:write", Permission.TELEMETRY_WRITE),
	READ("read", Permission.READ),
	ADMIN("admin", Permission.ADMIN, Permission.READ, Permission.WRITE);

	private final String value;

	private final Set<String> permissions;

	ApiKeyScope(String value, String... permissions) {
		this.value = value;
		this.permissions = Set.of(permissions);
	}

	@JsonValue
	public String value() {
		return value;
	}

	Set<String> permissions() {
		return permissions;
	}

	@JsonCreator
	public static ApiKeyScope fromValue(String value) {
		return find(value).orElseThrow(() -> new IllegalArgumentException("not a scope: " + value));
	}

	static Optional<ApiKeyScope> find(String value) {
		return Arrays.stream(values()).filter(scope -> scope.value.equals(value)).findFirst();
	}
}
