package io.costwise.identity.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

record InvitationTokenRequest(@NotBlank @Size(max = 200) String token) {
}
