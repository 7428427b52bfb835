package io.costwise.identity;

import java.time.Instant;

/**
 * What an invitation link offers, shown before it is accepted.
 *
 * @param accountExists whether the invited address already has an account (then its password is asked for)
 */
public record InvitationPreview(String organisationName, String email, Role role, Instant expiresAt,
		boolean accountExists) {
}
