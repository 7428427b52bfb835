package io.costwise.identity;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "tenants")
class Tenant {

	@Id
	private UUID id;

	private String name;

	private Instant createdAt;

	protected Tenant() {
	}

	Tenant(String name, Instant createdAt) {
		this.id = UUID.randomUUID();
		this.name = name;
		this.createdAt = createdAt;
	}

	UUID id() {
		return id;
	}

	String name() {
		return name;
	}

	Instant createdAt() {
		return createdAt;
	}
}
