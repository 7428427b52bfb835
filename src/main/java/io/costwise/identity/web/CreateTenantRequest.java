package io.costwise.identity.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

record CreateTenantRequest(@NotBlank @Size(max = 100) String name) {
}
