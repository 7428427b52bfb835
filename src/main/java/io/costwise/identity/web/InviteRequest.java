package io.costwise.identity.web;

import io.costwise.identity.Role;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

record InviteRequest(@NotBlank @Email @Size(max = 254) String email, @NotNull Role role) {
}
