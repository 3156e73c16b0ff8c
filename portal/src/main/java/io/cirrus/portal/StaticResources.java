package io.cirrus.portal;

import java.time.Duration;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * WebJars (ECharts) are served with a year's cache: their path names the version, so what one path answers never
 * changes. Without a Cache-Control of their own they got Spring Security's "no-store", and every page with a chart
 * downloaded and compiled a megabyte of ECharts again. Registered before Spring Boot's own WebJar handler, which
 * then stands aside ({@code docs/perf/dashboard.md}).
 */
@Configuration(proxyBeanMethods = false)
@Order(Ordered.HIGHEST_PRECEDENCE)
class StaticResources implements WebMvcConfigurer {

	static final Duration VERSIONED = Duration.ofDays(365);

	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		registry.addResourceHandler("/webjars/**")
			.addResourceLocations("classpath:/META-INF/resources/webjars/")
			.setCacheControl(CacheControl.maxAge(VERSIONED).cachePublic().immutable());
	}
}
