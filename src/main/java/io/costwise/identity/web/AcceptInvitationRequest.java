package io.costwise.identity.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

record AcceptInvitationRequest(@NotBlank @Size(max = 200) String token, @Size(max = 1024) String password) {
}
