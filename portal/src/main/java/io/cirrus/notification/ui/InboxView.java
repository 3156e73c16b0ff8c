package io.cirrus.notification.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import io.cirrus.notification.InboxItem;
import io.cirrus.notification.InboxService;
import io.cirrus.shared.Roles;
import io.cirrus.shared.ui.Times;

import jakarta.annotation.security.RolesAllowed;

/** The user's in-portal notifications, newest first, with audio players and mark-read; refreshes live. */
@Route("inbox")
@PageTitle("Inbox · Cirrus")
@Menu(title = "Inbox", order = 5, icon = "BELL")
@RolesAllowed({ Roles.TENANT_ADMIN, Roles.DEVELOPER, Roles.VIEWER })
class InboxView extends VerticalLayout {

	private final InboxService inbox;

	private final Grid<InboxItem> grid = new Grid<>();

	private Runnable stopListening = () -> {
	};

	InboxView(InboxService inbox) {
		this.inbox = inbox;
		setId("inbox");
		grid.setId("inbox-grid");
		grid.addComponentColumn(InboxView::entry).setHeader("Notification").setFlexGrow(4);
		grid.addColumn(InboxItem::priority).setHeader("Priority").setAutoWidth(true).setFlexGrow(0);
		grid.addColumn(i -> Times.dateTime(i.deliveredAt())).setHeader("Delivered").setAutoWidth(true).setFlexGrow(0);
		grid.addComponentColumn(this::readButton).setHeader("").setAutoWidth(true).setFlexGrow(0);
		grid.setAllRowsVisible(true);
		grid.setEmptyStateText("Your inbox is empty.");
		Button all = new Button("Mark all read", e -> {
			inbox.markAllRead();
			refresh();
		});
		all.setId("inbox-read-all");
		HorizontalLayout heading = new HorizontalLayout(new H1("Inbox"), all);
		heading.setWrap(true);
		heading.setAlignItems(Alignment.BASELINE);
		add(heading, grid);
		refresh();
	}

	private static Div entry(InboxItem item) {
		Span title = new Span(item.title());
		title.addClassName(item.readAt() == null ? "inbox-unread" : "inbox-read");
		Div div = new Div(title, new Div(new Span(item.body())));
		div.addClassName("inbox-entry");
		if (item.audioUrl() != null) {
			div.add(new Html("<audio controls preload=\"none\" src=\"" + item.audioUrl().replace("\"", "") + "\"></audio>"));
		}
		return div;
	}

	private Button readButton(InboxItem item) {
		Button read = new Button("Mark read", e -> {
			inbox.markRead(item.id());
			refresh();
		});
		read.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
		read.setEnabled(item.readAt() == null);
		read.addClassName("inbox-mark-read");
		return read;
	}

	private void refresh() {
		grid.setItems(inbox.items(false, 0, 100));
	}

	@Override
	protected void onAttach(AttachEvent event) {
		var ui = event.getUI();
		var security = org.springframework.security.core.context.SecurityContextHolder.getContext();
		stopListening = inbox.onChange(r -> ui.access(() -> Secured.run(security, this::refresh)));
	}

	@Override
	protected void onDetach(DetachEvent event) {
		stopListening.run();
	}
}
