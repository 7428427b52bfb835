package io.costwise.identity;

import java.time.Instant;
import java.util.UUID;

public record PendingInvitation(UUID id, String email, Role role, Instant createdAt, Instant expiresAt) {

	static PendingInvitation of(Invitation invitation) {
		return new PendingInvitation(invitation.id(), invitation.email(), invitation.role(), invitation.createdAt(),
				invitation.expiresAt());
	}
}
