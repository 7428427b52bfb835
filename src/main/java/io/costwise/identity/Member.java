package io.costwise.identity;

import java.time.Instant;
import java.util.UUID;

public record Member(UUID userId, String email, Role role, Instant joinedAt) {
}
