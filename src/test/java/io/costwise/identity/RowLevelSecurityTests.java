package io.costwise.identity;

import java.util.List;
import java.util.UUID;

import io.costwise.Callers;
import io.costwise.CostwiseTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The second wall: even a query that forgets its tenant filter sees only the current tenant's rows,
 * because application transactions run as a role that row-level security applies to.
 */
@CostwiseTest
class RowLevelSecurityTests {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Test
	void applicationTransactionsRunAsARoleThatIsNoSuperuser() {
		var owner = new Callers(mvc).signUp();

		String role = CurrentTenant.callAs(owner.tenantId(), () -> transactions.execute(status -> jdbc
			.sql("select current_user || ':' || (select rolsuper from pg_roles where rolname = current_user)")
			.query(String.class)
			.single()));

		assertThat(role).isEqualTo("costwise_app:false");
	}

	@Test
	void anUnfilteredQuerySeesOnlyTheCurrentTenantsRows() {
		var callers = new Callers(mvc);
		var mine = callers.signUp();
		callers.apiKey(mine, "read");
		var theirs = callers.signUp();
		callers.apiKey(theirs, "read");

		List<UUID> visible = CurrentTenant.callAs(mine.tenantId(), () -> transactions
			.execute(status -> jdbc.sql("select distinct tenant_id from api_keys").query(UUID.class).list()));

		assertThat(visible).containsExactly(mine.tenantId());
	}

	@Test
	void withoutATenantNothingIsVisible() {
		var owner = new Callers(mvc).signUp();
		new Callers(mvc).apiKey(owner, "read");

		long visible = transactions.execute(status -> jdbc.sql("select count(*) from api_keys").query(Long.class).single());

		assertThat(visible).isZero();
	}

	@Test
	void writingAnotherTenantsRowIsRejected() {
		var callers = new Callers(mvc);
		var mine = callers.signUp();
		var theirs = callers.signUp();

		assertThatThrownBy(() -> CurrentTenant.callAs(mine.tenantId(),
				() -> transactions.execute(status -> jdbc.sql("""
						insert into api_keys (tenant_id, id, name, prefix, key_hash, scopes, created_at)
						values (?, gen_random_uuid(), 'planted', 'cw_x', 'hash', '{read}', now())""")
					.param(theirs.tenantId())
					.update())))
			.rootCause()
			.hasMessageContaining("row-level security");
	}
}
