package io.costwise.identity.web;

import java.util.Set;

import io.costwise.identity.ApiKeyScope;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

record CreateApiKeyRequest(@NotBlank @Size(max = 100) String name, @NotEmpty Set<ApiKeyScope> scopes) {
}
