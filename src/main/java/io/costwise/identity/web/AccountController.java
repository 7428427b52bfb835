package io.costwise.identity.web;

import io.costwise.identity.Accounts;
import io.costwise.identity.Me;
import io.costwise.identity.Permission;
import io.costwise.identity.Sessions;
import io.costwise.identity.SignedIn;
import io.costwise.identity.TenantSummary;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Account", description = "Sign-up, sign-in with a session cookie, and the signed-in person's organisations")
class AccountController {

	private final Accounts accounts;

	private final Sessions sessions;

	AccountController(Accounts accounts, Sessions sessions) {
		this.accounts = accounts;
		this.sessions = sessions;
	}

	@PostMapping("/signup")
	@ResponseStatus(HttpStatus.CREATED)
	@SecurityRequirements
	@Operation(summary = "Create an organisation and its owner, and sign the owner in")
	Me signUp(@Valid @RequestBody SignUpRequest body, HttpServletRequest request, HttpServletResponse response) {
		return startSession(accounts.signUp(body.organisationName(), body.email(), body.password()), request, response);
	}

	@PostMapping("/session")
	@SecurityRequirements
	@Operation(summary = "Sign in", description = "Answers 429 with Retry-After after repeated failures.")
	Me signIn(@Valid @RequestBody SignInRequest body, HttpServletRequest request, HttpServletResponse response) {
		return startSession(accounts.signIn(body.email(), body.password(), request.getRemoteAddr()), request, response);
	}

	@DeleteMapping("/session")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Sign out")
	void signOut(HttpServletRequest request, HttpServletResponse response) {
		sessions.end(request, response);
	}

	@PutMapping("/session/tenant")
	@Permission.Person
	@Operation(summary = "Switch to another of the signed-in person's organisations")
	Me switchTenant(@Valid @RequestBody SwitchTenantRequest body, HttpServletRequest request,
			HttpServletResponse response) {
		return startSession(accounts.switchTo(body.tenantId()), request, response);
	}

	@GetMapping("/me")
	@Permission.Person
	@Operation(summary = "The signed-in person, the organisation they act in and all of theirs")
	Me me() {
		return accounts.me();
	}

	@PutMapping("/me/password")
	@Permission.Person
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Change the signed-in person's password")
	void changePassword(@Valid @RequestBody ChangePasswordRequest body) {
		accounts.changePassword(body.currentPassword(), body.newPassword());
	}

	@PostMapping("/tenants")
	@Permission.Person
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Create a further organisation owned by the signed-in person")
	TenantSummary createTenant(@Valid @RequestBody CreateTenantRequest body) {
		return accounts.createTenant(body.name());
	}

	private Me startSession(SignedIn signedIn, HttpServletRequest request, HttpServletResponse response) {
		sessions.start(signedIn, request, response);
		return accounts.me();
	}
}
