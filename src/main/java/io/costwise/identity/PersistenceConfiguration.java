package io.costwise.identity;

import javax.sql.DataSource;

import jakarta.persistence.EntityManagerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.session.jdbc.config.annotation.SpringSessionTransactionManager;

@Configuration(proxyBeanMethods = false)
class PersistenceConfiguration {

	@Bean
	@Primary
	TenantScopedTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
		return new TenantScopedTransactionManager(entityManagerFactory);
	}

	/**
	 * Sessions are loaded while the caller, and so the tenant, is still being worked out; they hold no
	 * tenant data and use plain transactions of their own.
	 */
	@Bean(defaultCandidate = false)
	@SpringSessionTransactionManager
	JdbcTransactionManager sessionTransactionManager(DataSource dataSource) {
		return new JdbcTransactionManager(dataSource);
	}
}
