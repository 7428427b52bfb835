package io.costwise.identity;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads a signed-in person's role afresh on every request, so that a changed role or a removed
 * membership takes effect at once on every session, on every instance.
 */
class MembershipRefreshFilter extends OncePerRequestFilter {

	private final MembershipRepository memberships;

	private final SystemAccess system;

	MembershipRefreshFilter(MembershipRepository memberships, SystemAccess system) {
		this.memberships = memberships;
		this.system = system;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (SecurityContextHolder.getContext().getAuthentication() instanceof TenantAuthentication.Member member) {
			SecurityContext refreshed = SecurityContextHolder.createEmptyContext();
			system.call(() -> memberships.findByTenantIdAndUserId(member.tenantId(), member.user()))
				.map(membership -> member.role() == membership.role() ? member : member.withRole(membership.role()))
				.ifPresent(refreshed::setAuthentication);
			SecurityContextHolder.setContext(refreshed);
		}
		chain.doFilter(request, response);
	}
}
