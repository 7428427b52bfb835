package io.costwise.identity.web;

import io.costwise.identity.Role;
import jakarta.validation.constraints.NotNull;

record ChangeRoleRequest(@NotNull Role role) {
}
