package io.cirrus.shared.persistence;

import jakarta.persistence.EntityManagerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Replaces Boot's JPA transaction manager by one that carries the tenant into PostgreSQL (row-level security).
 */
@Configuration(proxyBeanMethods = false)
class PersistenceConfiguration {

	@Bean
	PlatformTransactionManager transactionManager(EntityManagerFactory emf) {
		return new TenantAwareJpaTransactionManager(emf);
	}
}
