package io.cirrus.shared.persistence;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;

import org.hibernate.Session;
import org.springframework.orm.jpa.EntityManagerHolder;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.cirrus.shared.TenantContext;

/**
 * Copies the {@link TenantContext} into every new database transaction as {@code cirrus.tenant_id}
 * ({@code set_config(..., is_local => true)}), so PostgreSQL row-level security filters each query a second time,
 * behind the explicit {@code tenant_id} filters of the repositories. Without a tenant the setting is empty and
 * tenant-owned tables show no rows at all. The setting dies with the transaction, so pooled connections never carry
 * a tenant from one unit of work to the next.
 */
class TenantAwareJpaTransactionManager extends JpaTransactionManager {

	static final String SETTING = "cirrus.tenant_id";

	TenantAwareJpaTransactionManager(EntityManagerFactory emf) {
		super(emf);
	}

	@Override
	protected void doBegin(Object transaction, TransactionDefinition definition) {
		super.doBegin(transaction, definition);
		String tenant = TenantContext.current().map(Object::toString).orElse("");
		var holder = (EntityManagerHolder) TransactionSynchronizationManager.getResource(obtainEntityManagerFactory());
		if (holder == null) {
			return;
		}
		EntityManager em = holder.getEntityManager();
		em.unwrap(Session.class).doWork(connection -> {
			try (var statement = connection.prepareStatement("select set_config('" + SETTING + "', ?, true)")) {
				statement.setString(1, tenant);
				statement.execute();
			}
		});
	}
}
