package io.cirrus.portal;

import java.time.ZoneId;
import java.time.ZoneOffset;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;

import io.cirrus.shared.TenantContext;
import io.cirrus.shared.ui.Times;
import io.cirrus.tenant.TenantSettingsService;

/**
 * Every page load reads the tenant's time zone from its settings for {@link Times}, so a zone changed by the tenant
 * admin applies at the next page anyone of the tenant opens. Platform admins (no tenant) see UTC.
 */
@Component
class TenantTimeZone implements VaadinServiceInitListener {

	private static final Logger log = LoggerFactory.getLogger(TenantTimeZone.class);

	private final TenantSettingsService settings;

	TenantTimeZone(TenantSettingsService settings) {
		this.settings = settings;
	}

	@Override
	public void serviceInit(ServiceInitEvent event) {
		event.getSource().addUIInitListener(init -> Times.use(zone()));
	}

	private ZoneId zone() {
		if (TenantContext.currentUser().flatMap(u -> u.tenantRef()).isEmpty()) {
			return ZoneOffset.UTC;
		}
		try {
			return ZoneId.of(settings.current().timeZone());
		}
		catch (RuntimeException e) {
			log.debug("Tenant time zone not resolved, showing UTC: {}", e.toString());
			return ZoneOffset.UTC;
		}
	}
}
