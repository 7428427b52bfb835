package io.costwise.identity.web;

import java.util.UUID;

import jakarta.validation.constraints.NotNull;

record SwitchTenantRequest(@NotNull UUID tenantId) {
}
