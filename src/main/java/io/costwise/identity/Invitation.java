package io.costwise.identity;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * An open invitation to join a tenant. The token travels only in the e-mail; only its hash is kept.
 */
@Entity
@Table(name = "invitations")
@IdClass(TenantScopedId.class)
class Invitation {

	@Id
	private UUID tenantId;

	@Id
	private UUID id;

	private String email;

	@Enumerated(EnumType.STRING)
	private Role role;

	private String tokenHash;

	private UUID invitedBy;

	private Instant createdAt;

	private Instant expiresAt;

	protected Invitation() {
	}

	Invitation(UUID tenantId, String email, Role role, String tokenHash, UUID invitedBy, Instant createdAt,
			Instant expiresAt) {
		this.tenantId = tenantId;
		this.id = UUID.randomUUID();
		this.email = User.normalize(email);
		this.role = role;
		this.tokenHash = tokenHash;
		this.invitedBy = invitedBy;
		this.createdAt = createdAt;
		this.expiresAt = expiresAt;
	}

	UUID tenantId() {
		return tenantId;
	}

	UUID id() {
		return id;
	}

	String email() {
		return email;
	}

	Role role() {
		return role;
	}

	Instant createdAt() {
		return createdAt;
	}

	Instant expiresAt() {
		return expiresAt;
	}

	boolean expiredAt(Instant now) {
		return !now.isBefore(expiresAt);
	}
}
