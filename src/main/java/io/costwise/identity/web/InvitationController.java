package io.costwise.identity.web;

import java.util.UUID;

import io.costwise.CursorPage;
import io.costwise.identity.Accounts;
import io.costwise.identity.InvitationPreview;
import io.costwise.identity.Invitations;
import io.costwise.identity.Me;
import io.costwise.identity.PendingInvitation;
import io.costwise.identity.Permission;
import io.costwise.identity.Sessions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tokens travel in request bodies, not URLs, so that they stay out of access logs.
 */
@RestController
@RequestMapping("/api/v1/invitations")
@Tag(name = "Invitations", description = "Inviting people by e-mail to join the organisation")
class InvitationController {

	private final Invitations invitations;

	private final Accounts accounts;

	private final Sessions sessions;

	InvitationController(Invitations invitations, Accounts accounts, Sessions sessions) {
		this.invitations = invitations;
		this.accounts = accounts;
		this.sessions = sessions;
	}

	@GetMapping
	@Permission.Admin
	@Operation(operationId = "listInvitations", summary = "List the open invitations")
	CursorPage<PendingInvitation> list(@RequestParam(required = false) String cursor,
			@RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
		return invitations.list(cursor, limit);
	}

	@PostMapping
	@Permission.Admin
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(operationId = "invite", summary = "Invite someone by e-mail", description = "Replaces an earlier invitation to the same address. Answers 503 when the e-mail cannot be sent; then nothing is saved.")
	PendingInvitation invite(@Valid @RequestBody InviteRequest body) {
		return invitations.invite(body.email(), body.role());
	}

	@DeleteMapping("/{invitationId}")
	@Permission.Admin
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "revokeInvitation", summary = "Withdraw an invitation")
	void revoke(@PathVariable UUID invitationId) {
		invitations.revoke(invitationId);
	}

	@PostMapping("/preview")
	@SecurityRequirements
	@Operation(operationId = "previewInvitation", summary = "What an invitation link offers")
	InvitationPreview preview(@Valid @RequestBody InvitationTokenRequest body) {
		return invitations.preview(body.token());
	}

	@PostMapping("/accept")
	@SecurityRequirements
	@Operation(operationId = "acceptInvitation", summary = "Accept an invitation and sign in to its organisation", description = "Signed in, the person must own the invited address; otherwise the password signs in to the address's account, or creates it.")
	Me accept(@Valid @RequestBody AcceptInvitationRequest body, HttpServletRequest request,
			HttpServletResponse response) {
		sessions.start(invitations.accept(body.token(), body.password(), request.getRemoteAddr()), request, response);
		return accounts.me();
	}
}
