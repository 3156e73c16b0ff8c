package io.cirrus.portal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.cirrus.test.Api;
import io.cirrus.test.CirrusIntegrationTest;

/**
 * A browser keeps ECharts between page loads: its WebJar path names the version, so it is cached for a year; the
 * portal's own unversioned scripts and styles are not given such a cache.
 */
@CirrusIntegrationTest
class StaticResourceCachingIntegrationTests {

	@Test
	void versionedWebJarsAreCachedForAYearAndTheyAreStillPublic() {
		Api.Answer echarts = Api.get("/webjars/echarts/5.3.1/dist/echarts.min.js", null);
		assertThat(echarts.status()).isEqualTo(200);
		assertThat(echarts.body()).contains("echarts");
		assertThat(echarts.header("Cache-Control")).contains("max-age=31536000").contains("immutable").doesNotContain("no-store");

		Api.Answer script = Api.get("/scripts/cirrus-charts.js", null);
		assertThat(script.status()).isEqualTo(200);
		assertThat(script.header("Cache-Control")).doesNotContain("max-age=31536000");
	}
}
