package io.costwise.identity.web;

import java.util.UUID;

import io.costwise.CursorPage;
import io.costwise.identity.Member;
import io.costwise.identity.Members;
import io.costwise.identity.Permission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/members")
@Tag(name = "Members", description = "The people of the current organisation and their roles")
class MemberController {

	private final Members members;

	MemberController(Members members) {
		this.members = members;
	}

	@GetMapping
	@Permission.Read
	@Operation(operationId = "listMembers", summary = "List the members, oldest first")
	CursorPage<Member> list(@RequestParam(required = false) String cursor,
			@RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
		return members.list(cursor, limit);
	}

	@PatchMapping("/{userId}")
	@Permission.Admin
	@Operation(operationId = "changeMemberRole", summary = "Change a member's role", description = "Only an owner grants or changes ownership; the last owner stays.")
	Member changeRole(@PathVariable UUID userId, @Valid @RequestBody ChangeRoleRequest body) {
		return members.changeRole(userId, body.role());
	}

	@DeleteMapping("/{userId}")
	@Permission.Admin
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "removeMember", summary = "Remove a member from the organisation")
	void remove(@PathVariable UUID userId) {
		members.remove(userId);
	}
}
