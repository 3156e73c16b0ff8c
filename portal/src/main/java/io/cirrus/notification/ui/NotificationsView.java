package io.cirrus.notification.ui;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.security.core.context.SecurityContextHolder;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.UploadHandler;

import io.cirrus.notification.AudioService;
import io.cirrus.notification.DeliveryView;
import io.cirrus.notification.NotificationRequest;
import io.cirrus.notification.NotificationService;
import io.cirrus.notification.NotificationView;
import io.cirrus.notification.RecipientRegistry;
import io.cirrus.notification.WebhookService;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.Roles;
import io.cirrus.shared.ui.Times;

import jakarta.annotation.security.RolesAllowed;

/**
 * Compose (on-demand or broadcast, with a target preview, priority, channels and an audio clip) and the history of
 * notifications with live progress bars, per-recipient states and cancel.
 */
@Route("notifications")
@PageTitle("Notifications · Cirrus")
@Menu(title = "Notifications", order = 20, icon = "ENVELOPE")
@RolesAllowed({ Roles.TENANT_ADMIN, Roles.DEVELOPER })
class NotificationsView extends VerticalLayout {

	private final NotificationService notifications;

	private final RecipientRegistry recipientRegistry;

	private final WebhookService webhooks;

	private final RadioButtonGroup<String> mode = new RadioButtonGroup<>("Send as");

	private final TextField recipients = new TextField("Recipients");

	private final TextField target = new TextField("Target");

	private final Span preview = new Span();

	private final Select<String> priority = new Select<>();

	private final CheckboxGroup<String> channels = new CheckboxGroup<>("Channels");

	private final TextField title = new TextField("Title");

	private final TextArea body = new TextArea("Body");

	private final Span audioState = new Span("No audio clip");

	private final Grid<NotificationView> history = new Grid<>();

	private volatile String audioId;

	private List<NotificationView> shown = List.of();

	private ScheduledExecutorService refresher;

	NotificationsView(NotificationService notifications, AudioService audio, RecipientRegistry recipientRegistry,
			WebhookService webhooks) {
		this.notifications = notifications;
		this.recipientRegistry = recipientRegistry;
		this.webhooks = webhooks;
		setId("notifications");
		mode.setItems("On-demand", "Broadcast");
		mode.setValue("On-demand");
		mode.setId("compose-mode");
		recipients.setId("compose-recipients");
		recipients.setHelperText("Comma-separated: user:<username>, device:<id>, ext:<id>");
		target.setId("compose-target");
		target.setHelperText("e.g. tag:floor-3 && !tag:test, role:viewer, all");
		target.setValueChangeMode(com.vaadin.flow.data.value.ValueChangeMode.LAZY);
		target.addValueChangeListener(e -> updatePreview());
		preview.setId("compose-preview");
		priority.setLabel("Priority");
		priority.setItems("low", "normal", "high", "urgent");
		priority.setValue("normal");
		priority.setId("compose-priority");
		channels.setItems("inbox", "email", "sms", "webhook");
		channels.setValue(Set.of("inbox"));
		channels.setId("compose-channels");
		title.setId("compose-title");
		title.setMaxLength(200);
		body.setId("compose-body");
		body.setMaxLength(4000);
		Upload upload = new Upload(UploadHandler.inMemory((metadata, data) -> {
			String message;
			try {
				AudioService.AudioClip clip = audio.upload(data);
				audioId = clip.id().toString();
				message = "Audio: " + metadata.fileName() + " (" + clip.size() + " bytes)";
			}
			catch (CirrusException e) {
				audioId = null;
				message = e.getMessage();
			}
			String text = message;
			getUI().ifPresent(ui -> ui.access(() -> audioState.setText(text)));
		}));
		upload.setAcceptedFileTypes("audio/wav", "audio/x-wav", "audio/mpeg", "audio/ogg", ".wav", ".mp3", ".ogg");
		upload.setMaxFileSize(1024 * 1024);
		upload.setId("compose-audio");
		audioState.setId("compose-audio-state");
		mode.addValueChangeListener(e -> recipients.setVisible(!"Broadcast".equals(e.getValue())));

		Button send = new Button("Send", e -> send());
		send.setId("compose-send");
		send.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
		FormLayout form = new FormLayout(mode, priority, recipients, target, preview, channels, title, body, upload,
				audioState);
		form.setMaxWidth("60em");

		history.setId("history");
		history.addColumn(NotificationView::title).setHeader("Title").setFlexGrow(3);
		history.addColumn(NotificationView::kind).setHeader("Kind").setAutoWidth(true);
		history.addColumn(NotificationView::priority).setHeader("Priority").setAutoWidth(true);
		history.addColumn(NotificationView::state).setHeader("State").setAutoWidth(true);
		history.addComponentColumn(NotificationsView::progress).setHeader("Progress").setFlexGrow(2);
		history.addColumn(NotificationsView::deliveries)
			.setHeader("Deliveries")
			.setAutoWidth(true);
		history.addColumn(n -> Times.dateTime(n.createdAt())).setHeader("Created").setAutoWidth(true);
		history.addComponentColumn(this::actions).setAutoWidth(true);
		history.setAllRowsVisible(true);
		history.setEmptyStateText("Nothing sent yet.");
		add(new H1("Notifications"), new H2("Compose"), form, send, new H2("History"), history);
		refresh();
	}

	private void updatePreview() {
		if (target.isEmpty()) {
			preview.setText("");
			return;
		}
		try {
			preview.setText(notifications.preview(target.getValue()) + " recipients");
		}
		catch (CirrusException e) {
			preview.setText(e.getMessage());
		}
	}

	private void send() {
		List<String> to = recipients.isEmpty() ? null
				: Arrays.stream(recipients.getValue().split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
		NotificationRequest request = new NotificationRequest("Broadcast".equals(mode.getValue()) ? null : to,
				target.isEmpty() ? null : target.getValue(), List.copyOf(channels.getValue()), priority.getValue(),
				title.getValue(), body.getValue(), null, null, null, audioId, null, null);
		try {
			NotificationView sent = "Broadcast".equals(mode.getValue()) ? notifications.broadcast(request).notification()
					: notifications.send(request).notification();
			Notification.show("Sent: " + sent.title(), 3000, Notification.Position.BOTTOM_START)
				.addThemeVariants(NotificationVariant.LUMO_SUCCESS);
			title.clear();
			body.clear();
			refresh();
		}
		catch (CirrusException e) {
			Notification.show(e.getMessage(), 6000, Notification.Position.TOP_CENTER)
				.addThemeVariants(NotificationVariant.LUMO_ERROR);
		}
	}

	/** The bar shows the same counts as the Deliveries column: finished (delivered + failed) of all deliveries. */
	private static ProgressBar progress(NotificationView n) {
		ProgressBar bar = new ProgressBar();
		if (n.total() == 0) {
			// A broadcast not expanded yet: how many there will be is not known.
			bar.setIndeterminate(n.state().equals("pending") || n.state().equals("scheduled") || n.state().equals("expanding"));
		}
		else {
			bar.setValue(Math.min(1, (n.delivered() + n.failed()) / (double) n.total()));
		}
		bar.addClassName("notification-progress");
		bar.getElement().setAttribute("aria-label", "Progress of " + n.title() + ": " + deliveries(n));
		return bar;
	}

	/** {@code 3 delivered · 1 failed · 6 queued} (and cancelled ones); sums to the notification's deliveries. */
	static String deliveries(NotificationView n) {
		if (n.total() == 0) {
			return n.state().equals("dispatched") || n.state().equals("cancelled") ? "no recipients" : "finding recipients…";
		}
		int cancelled = n.total() - n.delivered() - n.failed() - n.queued();
		return n.delivered() + " delivered · " + n.failed() + " failed · " + n.queued() + " queued"
				+ (cancelled > 0 ? " · " + cancelled + " cancelled" : "") + " of " + n.total();
	}

	private HorizontalLayout actions(NotificationView n) {
		Button details = new Button("Recipients", e -> details(n));
		details.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
		HorizontalLayout row = new HorizontalLayout(details);
		if (n.queued() > 0 && !n.state().equals("cancelled")) {
			Button cancel = new Button("Cancel", e -> {
				notifications.cancel(n.id());
				refresh();
			});
			cancel.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_SMALL);
			row.add(cancel);
		}
		return row;
	}

	private void details(NotificationView n) {
		Grid<DeliveryView> grid = new Grid<>();
		RecipientNames names = new RecipientNames(recipientRegistry, webhooks);
		grid.addComponentColumn(d -> names.of(d.recipient())).setHeader("Recipient");
		grid.addColumn(DeliveryView::channel).setHeader("Channel");
		grid.addColumn(DeliveryView::state).setHeader("State");
		grid.addColumn(DeliveryView::attempts).setHeader("Attempts");
		grid.addColumn(d -> d.lastError() == null ? "" : d.lastError()).setHeader("Last error");
		grid.addColumn(d -> Times.dateTime(d.deliveredAt(), "")).setHeader("Delivered");
		grid.setItems(notifications.deliveries(n.id(), 0, 200).items());
		grid.setId("recipients-grid");
		grid.setEmptyStateText("No recipients.");
		Dialog dialog = new Dialog(grid);
		dialog.setHeaderTitle(n.title() + " — first 200 recipients");
		dialog.setWidth("70em");
		dialog.getFooter().add(new Button("Close", e -> dialog.close()));
		dialog.open();
	}

	/** Redraws the history only when a notification came or its counts moved: a redraw would drop a click. */
	private void refresh() {
		List<NotificationView> recent = notifications.recent(null, 0, 30).items();
		if (!recent.equals(shown)) {
			shown = recent;
			history.setItems(recent);
		}
	}

	@Override
	protected void onAttach(AttachEvent event) {
		var ui = event.getUI();
		var security = SecurityContextHolder.getContext();
		refresher = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().factory());
		// Progress of broadcasts in flight, pushed once a second while the view is open.
		refresher.scheduleWithFixedDelay(() -> ui.access(() -> Secured.run(security, this::refresh)), 1, 1, TimeUnit.SECONDS);
	}

	@Override
	protected void onDetach(DetachEvent event) {
		refresher.shutdownNow();
	}
}
