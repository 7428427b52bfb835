package io.costwise.identity;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

import jakarta.persistence.EntityManagerFactory;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionDefinition;

/**
 * Begins every transaction as the unprivileged {@code costwise_app} role with the current tenant
 * set transaction-locally, so that PostgreSQL's row-level security is a second wall behind the
 * application's own tenant filter. Transaction-local settings are safe with connection pooling.
 */
class TenantScopedTransactionManager extends JpaTransactionManager {

	private static final String ENTER_TENANT = """
			select set_config('role', 'costwise_app', true),
			       set_config('app.tenant_id', ?, true),
			       set_config('app.user_id', ?, true)""";

	TenantScopedTransactionManager(EntityManagerFactory entityManagerFactory) {
		super(entityManagerFactory);
	}

	@Override
	protected void doBegin(Object transaction, TransactionDefinition definition) {
		if (SystemAccess.active()) {
			super.doBegin(transaction, definition);
			return;
		}
		// Resolved before the transaction holds a connection: resolving may load the session.
		String tenantId = CurrentTenant.id().map(UUID::toString).orElse("");
		String userId = CurrentTenant.userId().map(UUID::toString).orElse("");
		super.doBegin(transaction, definition);
		Connection connection = DataSourceUtils.getConnection(getDataSource());
		try (PreparedStatement statement = connection.prepareStatement(ENTER_TENANT)) {
			statement.setString(1, tenantId);
			statement.setString(2, userId);
			statement.execute();
		}
		catch (SQLException ex) {
			rollbackQuietly(connection);
			doCleanupAfterCompletion(transaction);
			throw new CannotCreateTransactionException("Could not enter the tenant's scope", ex);
		}
	}

	private static void rollbackQuietly(Connection connection) {
		try {
			connection.rollback();
		}
		catch (SQLException ignored) {
			// the connection is discarded by the cleanup that follows
		}
	}
}
