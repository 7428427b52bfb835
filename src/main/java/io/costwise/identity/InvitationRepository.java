package io.costwise.identity;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface InvitationRepository extends JpaRepository<Invitation, TenantScopedId> {

	Optional<Invitation> findByTokenHash(String tokenHash);

	Optional<Invitation> findByTenantIdAndId(UUID tenantId, UUID id);

	List<Invitation> findByTenantIdAndEmail(UUID tenantId, String email);

	@Query("""
			select i from Invitation i where i.tenantId = :tenantId and i.expiresAt > :now
			and (i.createdAt > :afterAt or (i.createdAt = :afterAt and i.id > :afterId))
			order by i.createdAt, i.id""")
	List<Invitation> page(@Param("tenantId") UUID tenantId, @Param("now") Instant now,
			@Param("afterAt") Instant afterAt, @Param("afterId") UUID afterId, Limit limit);
}
