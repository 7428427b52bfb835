package io.costwise.identity;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface MembershipRepository extends JpaRepository<Membership, Membership.Key> {

	Optional<Membership> findByTenantIdAndUserId(UUID tenantId, UUID userId);

	List<Membership> findByUserId(UUID userId);

	List<Membership> findByTenantIdAndUserIdIn(UUID tenantId, Collection<UUID> userIds);

	long countByTenantIdAndRole(UUID tenantId, Role role);

	@Query("""
			select m from Membership m where m.tenantId = :tenantId
			and (m.createdAt > :afterAt or (m.createdAt = :afterAt and m.userId > :afterId))
			order by m.createdAt, m.userId""")
	List<Membership> page(@Param("tenantId") UUID tenantId, @Param("afterAt") Instant afterAt, @Param("afterId") UUID afterId, Limit limit);
}
