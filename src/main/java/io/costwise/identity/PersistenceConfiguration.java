package io.costwise.identity;

import javax.sql.DataSource;

import jakarta.persistence.EntityManagerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.session.jdbc.config.annotation.SpringSessionDataSource;
import org.springframework.session.jdbc.config.annotation.SpringSessionTransactionManager;

@Configuration(proxyBeanMethods = false)
class PersistenceConfiguration {

	@Bean
	@Primary
	TenantScopedTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
		return new TenantScopedTransactionManager(entityManagerFactory);
	}

	/**
	 * The same connection pool under another identity, so that session transactions never join the
	 * request's own: Spring Session saves the session when the response is committed, which for a
	 * streamed download is in the middle of the request's transaction (a read-only one for an export).
	 */
	@Bean(defaultCandidate = false)
	@SpringSessionDataSource
	DataSource sessionDataSource(DataSource dataSource) {
		return new DelegatingDataSource(dataSource);
	}

	/**
	 * Sessions are loaded while the caller, and so the tenant, is still being worked out; they hold no
	 * tenant data and use plain transactions of their own.
	 */
	@Bean(defaultCandidate = false)
	@SpringSessionTransactionManager
	JdbcTransactionManager sessionTransactionManager(@SpringSessionDataSource DataSource sessionDataSource) {
		return new JdbcTransactionManager(sessionDataSource);
	}
}
