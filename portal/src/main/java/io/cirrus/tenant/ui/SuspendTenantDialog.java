package io.cirrus.tenant.ui;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.TextArea;

import io.cirrus.shared.CirrusException;
import io.cirrus.tenant.Tenant;
import io.cirrus.tenant.TenantSuspensions;

/**
 * Confirms suspending a tenant and asks why (its users and devices are told the reason). The service checks the
 * reason, as the API does; its message goes under the field.
 */
@org.springframework.modulith.NamedInterface("ui")
public class SuspendTenantDialog extends Dialog {

	private final TextArea reason = new TextArea("Reason");

	public SuspendTenantDialog(Tenant tenant, TenantSuspensions suspensions, Consumer<Tenant> suspended) {
		setId("suspend-dialog");
		setHeaderTitle("Suspend " + tenant.name() + "?");
		setWidth("32em");
		setMaxWidth("100%");
		reason.setId("suspend-reason");
		reason.setWidthFull();
		reason.setRequiredIndicatorVisible(true);
		reason.setManualValidation(true);
		reason.setMaxLength(500);
		reason.setHelperText("Shown to the tenant's users and devices.");
		add(new Paragraph("Its users see a page saying the access is suspended, its API calls are refused, its devices "
				+ "cannot send data and its apps stop until you resume it. Nothing is deleted."), reason);
		Button confirm = new Button("Suspend", e -> {
			try {
				Tenant done = suspensions.suspend(tenant.id(), reason.getValue());
				close();
				suspended.accept(done);
			}
			catch (CirrusException ex) {
				reason.setErrorMessage(ex.properties().get("errors") instanceof List<?> errors && !errors.isEmpty()
						&& errors.getFirst() instanceof Map<?, ?> first ? "Reason " + first.get("message") + "." : ex.getMessage());
				reason.setInvalid(true);
				reason.focus();
			}
		});
		confirm.setId("suspend-confirm");
		confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_ERROR);
		Button cancel = new Button("Cancel", e -> close());
		cancel.setId("suspend-cancel");
		getFooter().add(cancel, confirm);
		setCloseOnOutsideClick(false);
		reason.focus();
	}
}
