package io.costwise.identity.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

record SignInRequest(@NotBlank @Size(max = 254) String email, @NotNull @Size(max = 1024) String password) {
}
