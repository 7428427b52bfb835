package io.costwise.identity;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/**
 * The primary key of tenant data: the tenant first, so that the data can be distributed by tenant.
 */
class TenantScopedId implements Serializable {

	private UUID tenantId;

	private UUID id;

	protected TenantScopedId() {
	}

	TenantScopedId(UUID tenantId, UUID id) {
		this.tenantId = tenantId;
		this.id = id;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof TenantScopedId that && Objects.equals(tenantId, that.tenantId)
				&& Objects.equals(id, that.id);
	}

	@Override
	public int hashCode() {
		return Objects.hash(tenantId, id);
	}
}
