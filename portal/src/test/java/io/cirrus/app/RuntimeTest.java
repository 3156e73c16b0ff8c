package io.cirrus.app;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import io.cirrus.test.TestTenant;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a test of the running apps needs: the acme tenant to act in-process as its developer, the deployments, and
 * the runtime's consumers holding their partitions before each test.
 */
abstract class RuntimeTest {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	JdbcClient jdbc;

	@Autowired
	AppDeployments deployments;

	@Autowired
	KafkaListenerEndpointRegistry listeners;

	TestTenant acme;

	@BeforeEach
	void runtimeReady() {
		acme = RuntimeFixture.acme(jdbc);
		RuntimeFixture.runtimeAssigned(listeners);
	}
}
