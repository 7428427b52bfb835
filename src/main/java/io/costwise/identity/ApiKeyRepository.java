package io.costwise.identity;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ApiKeyRepository extends JpaRepository<ApiKey, TenantScopedId> {

	Optional<ApiKey> findByKeyHash(String keyHash);

	Optional<ApiKey> findByTenantIdAndId(UUID tenantId, UUID id);

	@Query("""
			select k from ApiKey k where k.tenantId = :tenantId
			and (k.createdAt > :afterAt or (k.createdAt = :afterAt and k.id > :afterId))
			order by k.createdAt, k.id""")
	List<ApiKey> page(@Param("tenantId") UUID tenantId, @Param("afterAt") Instant afterAt, @Param("afterId") UUID afterId, Limit limit);
}
