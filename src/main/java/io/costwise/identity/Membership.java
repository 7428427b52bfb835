package io.costwise.identity;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

@Entity
@Table(name = "memberships")
@IdClass(Membership.Key.class)
class Membership {

	@Id
	private UUID tenantId;

	@Id
	private UUID userId;

	@Enumerated(EnumType.STRING)
	private Role role;

	private Instant createdAt;

	protected Membership() {
	}

	Membership(UUID tenantId, UUID userId, Role role, Instant createdAt) {
		this.tenantId = tenantId;
		this.userId = userId;
		this.role = role;
		this.createdAt = createdAt;
	}

	UUID tenantId() {
		return tenantId;
	}

	UUID userId() {
		return userId;
	}

	Role role() {
		return role;
	}

	Instant createdAt() {
		return createdAt;
	}

	void changeRole(Role newRole) {
		this.role = newRole;
	}

	static class Key implements Serializable {

		private UUID tenantId;

		private UUID userId;

		protected Key() {
		}

		Key(UUID tenantId, UUID userId) {
			this.tenantId = tenantId;
			this.userId = userId;
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Key that && Objects.equals(tenantId, that.tenantId)
					&& Objects.equals(userId, that.userId);
		}

		@Override
		public int hashCode() {
			return Objects.hash(tenantId, userId);
		}
	}
}
