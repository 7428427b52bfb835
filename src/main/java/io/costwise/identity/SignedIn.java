package io.costwise.identity;

/**
 * A person who has just proven who they are, to be bound to an HTTP session by {@link Sessions}.
 * Opaque outside this module, so that nothing else can mint one.
 */
public final class SignedIn {

	private final TenantAuthentication.Member member;

	SignedIn(TenantAuthentication.Member member) {
		this.member = member;
	}

	TenantAuthentication.Member member() {
		return member;
	}
}
