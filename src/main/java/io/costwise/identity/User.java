package io.costwise.identity;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A person who signs in. Not tenant data: one person may be a member of several tenants.
 */
@Entity
@Table(name = "users")
class User {

	@Id
	private UUID id;

	private String email;

	private String passwordHash;

	private Instant createdAt;

	private Instant passwordChangedAt;

	protected User() {
	}

	User(String email, String passwordHash, Instant createdAt) {
		this.id = UUID.randomUUID();
		this.email = normalize(email);
		this.passwordHash = passwordHash;
		this.createdAt = createdAt;
		this.passwordChangedAt = createdAt;
	}

	static String normalize(String email) {
		return email.trim().toLowerCase(Locale.ROOT);
	}

	UUID id() {
		return id;
	}

	String email() {
		return email;
	}

	String passwordHash() {
		return passwordHash;
	}

	void changePassword(String newHash, Instant now) {
		this.passwordHash = newHash;
		this.passwordChangedAt = now;
	}
}
