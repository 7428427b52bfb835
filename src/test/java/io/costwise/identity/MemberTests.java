package io.costwise.identity;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.costwise.Callers;
import io.costwise.CostwiseTest;
import io.costwise.Mailbox;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static io.costwise.Callers.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

@CostwiseTest
class MemberTests {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Members members;

	@Test
	void addressesAreLookedUpAmongTheCurrentTenantsMembersOnly() {
		var owner = new Callers(mvc).signUp();
		var member = new Callers(mvc).member(owner, "MEMBER");
		var stranger = new Callers(mvc).signUp();

		Map<UUID, String> emails = CurrentTenant.callAs(owner.tenantId(),
				() -> members.emailsOf(List.of(owner.userId(), member.userId(), stranger.userId(), UUID.randomUUID())));

		assertThat(emails).containsOnly(entry(owner.userId(), owner.email()), entry(member.userId(), member.email()));
		assertThat(CurrentTenant.callAs(owner.tenantId(), () -> members.emailsOf(List.of()))).isEmpty();
	}

	@Test
	void anInvitationIsMailedAndAcceptingItCreatesTheAccount() throws Exception {
		var owner = new Callers(mvc).signUp();
		String email = Callers.uniqueEmail("newcomer");

		assertThat(invite(owner, email, "MEMBER")).hasStatus(HttpStatus.CREATED);
		var mail = Mailbox.to(email);
		assertThat(mail).hasSize(1);
		assertThat(mail[0].getSubject()).contains("invited");
		assertThat(Mailbox.contentTypes(mail[0])).anyMatch(type -> type.startsWith("text/plain"))
			.anyMatch(type -> type.startsWith("text/html"));
		String token = Mailbox.invitationToken(email);

		var preview = mvc.post()
			.uri("/api/v1/invitations/preview")
			.with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content(json(Map.of("token", token)));
		assertThat(preview).hasStatusOk().bodyJson().extractingPath("$.accountExists").isEqualTo(false);
		var accepted = mvc.post()
			.uri("/api/v1/invitations/accept")
			.with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content(json(Map.of("token", token, "password", Callers.PASSWORD)));

		assertThat(accepted).hasStatusOk().bodyJson().extractingPath("$.currentTenant.role").isEqualTo("MEMBER");
		assertThat(mvc.get().uri("/api/v1/members").with(owner)).bodyJson()
			.extractingPath("$.items[*].email")
			.asArray()
			.contains(email);
	}

	@Test
	void anInvitationLinkWorksOnce() {
		var owner = new Callers(mvc).signUp();
		String email = Callers.uniqueEmail("once");
		invite(owner, email, "VIEWER");
		String token = Mailbox.invitationToken(email);
		accept(token);

		assertThat(accept(token)).hasStatus(HttpStatus.NOT_FOUND).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void anExpiredInvitationAnswers404() {
		var owner = new Callers(mvc).signUp();
		String email = Callers.uniqueEmail("late");
		invite(owner, email, "VIEWER");
		jdbc.sql("update invitations set expires_at = now() - interval '1 minute' where email = ?").param(email).update();

		assertThat(accept(Mailbox.invitationToken(email))).hasStatus(HttpStatus.NOT_FOUND);
	}

	@Test
	void anAdminCannotGrantOwnership() {
		var callers = new Callers(mvc);
		var owner = callers.signUp();
		var admin = callers.member(owner, "ADMIN");
		var member = callers.member(owner, "MEMBER");

		assertThat(changeRole(admin, member, "OWNER")).hasStatus(HttpStatus.FORBIDDEN);
		assertThat(changeRole(admin, member, "VIEWER")).hasStatusOk().bodyJson().extractingPath("$.role").isEqualTo("VIEWER");
	}

	@Test
	void theLastOwnerStays() {
		var owner = new Callers(mvc).signUp();

		assertThat(changeRole(owner, owner, "ADMIN")).hasStatus(HttpStatus.CONFLICT)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(mvc.delete().uri("/api/v1/members/{id}", owner.userId()).with(owner)).hasStatus(HttpStatus.CONFLICT);
	}

	@Test
	void aChangedRoleTakesEffectOnTheMembersOpenSession() {
		var callers = new Callers(mvc);
		var owner = callers.signUp();
		var member = callers.member(owner, "ADMIN");
		assertThat(mvc.get().uri("/api/v1/api-keys").with(member)).hasStatusOk();

		changeRole(owner, member, "VIEWER");

		assertThat(mvc.get().uri("/api/v1/api-keys").with(member)).hasStatus(HttpStatus.FORBIDDEN);
	}

	@Test
	void aRemovedMemberLosesAccessAtOnce() {
		var callers = new Callers(mvc);
		var owner = callers.signUp();
		var member = callers.member(owner, "MEMBER");

		assertThat(mvc.delete().uri("/api/v1/members/{id}", member.userId()).with(owner)).hasStatus(HttpStatus.NO_CONTENT);

		assertThat(mvc.get().uri("/api/v1/members").with(member)).hasStatus(HttpStatus.UNAUTHORIZED);
	}

	@Test
	void invitingAnExistingMemberIsAConflict() {
		var callers = new Callers(mvc);
		var owner = callers.signUp();
		var member = callers.member(owner, "MEMBER");

		assertThat(invite(owner, member.email(), "ADMIN")).hasStatus(HttpStatus.CONFLICT)
			.bodyJson()
			.extractingPath("$.errors[0].pointer")
			.isEqualTo("/email");
	}

	private org.springframework.test.web.servlet.assertj.MvcTestResult invite(Callers.Person admin, String email,
			String role) {
		return mvc.post()
			.uri("/api/v1/invitations")
			.with(admin)
			.contentType(MediaType.APPLICATION_JSON)
			.content(json(Map.of("email", email, "role", role)))
			.exchange();
	}

	private org.springframework.test.web.servlet.assertj.MvcTestResult accept(String token) {
		return mvc.post()
			.uri("/api/v1/invitations/accept")
			.with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content(json(Map.of("token", token, "password", Callers.PASSWORD)))
			.exchange();
	}

	private org.springframework.test.web.servlet.assertj.MvcTestResult changeRole(Callers.Person by,
			Callers.Person member, String role) {
		return mvc.patch()
			.uri("/api/v1/members/{id}", member.userId())
			.with(by)
			.contentType(MediaType.APPLICATION_JSON)
			.content(json(Map.of("role", role)))
			.exchange();
	}
}
