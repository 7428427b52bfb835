package io.costwise.identity.web;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

record ChangePasswordRequest(@NotNull @Size(max = 1024) String currentPassword, @NotNull @Size(min = 12, max = 72) String newPassword) {
}
