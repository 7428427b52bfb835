package io.costwise.identity;

import java.util.Set;

/**
 * A member's role in a tenant. Each role holds the permissions of the ones below it.
 */
public enum Role {

	OWNER(Permission.READ, Permission.WRITE, Permission.TELEMETRY_WRITE, Permission.ADMIN),
	ADMIN(Permission.READ, Permission.WRITE, Permission.TELEMETRY_WRITE, Permission.ADMIN),
	MEMBER(Permission.READ, Permission.WRITE, Permission.TELEMETRY_WRITE),
	VIEWER(Permission.READ);

	private final Set<String> permissions;

	Role(String... permissions) {
		this.permissions = Set.of(permissions);
	}

	Set<String> permissions() {
		return permissions;
	}
}
