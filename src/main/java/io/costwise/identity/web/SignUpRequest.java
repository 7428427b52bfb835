package io.costwise.identity.web;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

record SignUpRequest(@NotBlank @Size(max = 100) String organisationName, @NotBlank @Email @Size(max = 254) String email, @NotNull @Size(min = 12, max = 72) String password) {
}
