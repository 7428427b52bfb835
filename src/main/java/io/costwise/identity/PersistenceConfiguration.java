package io.costwise.identity;

import jakarta.persistence.EntityManagerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PersistenceConfiguration {

	@Bean
	TenantScopedTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
		return new TenantScopedTransactionManager(entityManagerFactory);
	}
}
