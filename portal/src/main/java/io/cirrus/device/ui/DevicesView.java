package io.cirrus.device.ui;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.data.domain.Sort;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;

import io.cirrus.device.DeviceImport;
import io.cirrus.device.DeviceProfile;
import io.cirrus.device.DeviceProfiles;
import io.cirrus.device.DeviceQuery;
import io.cirrus.device.DeviceRegistry;
import io.cirrus.device.DeviceStatus;
import io.cirrus.device.DeviceSummary;
import io.cirrus.shared.Roles;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.ui.LiveRefresh;
import io.cirrus.shared.ui.Times;

import jakarta.annotation.security.RolesAllowed;

/**
 * The tenant's devices: a lazy grid (one page of the registry per fetch, sorted in SQL), filters by name, tag,
 * profile and status kept in the URL, a status badge and last-seen; managers register (token shown once) and import.
 */
@Route("devices")
@PageTitle("Devices · Cirrus")
@Menu(title = "Devices", order = 3, icon = "CUBES")
@RolesAllowed({ Roles.TENANT_ADMIN, Roles.DEVELOPER, Roles.VIEWER })
class DevicesView extends VerticalLayout implements BeforeEnterObserver {

	private final DeviceRegistry registry;

	private final Grid<DeviceSummary> grid = new Grid<>();

	private final TextField name = new TextField("Name");

	private final TextField tag = new TextField("Tag");

	private final ComboBox<DeviceProfile> profile = new ComboBox<>("Profile");

	private final Select<DeviceStatus> status = new Select<>();

	private final Span total = new Span();

	private final boolean manager;

	private boolean restoring;

	DevicesView(DeviceRegistry registry, DeviceProfiles profiles, DeviceImport importer) {
		this.registry = registry;
		setId("devices");
		setSizeFull();
		manager = TenantContext.currentUser()
			.map(u -> u.hasRole(Roles.TENANT_ADMIN) || u.hasRole(Roles.DEVELOPER))
			.orElse(false);

		name.setPlaceholder("contains…");
		name.setId("filter-name");
		name.setClearButtonVisible(true);
		name.setValueChangeMode(ValueChangeMode.LAZY);
		tag.setPlaceholder("e.g. floor-3");
		tag.setId("filter-tag");
		tag.setClearButtonVisible(true);
		tag.setValueChangeMode(ValueChangeMode.LAZY);
		profile.setPlaceholder("any");
		profile.setId("filter-profile");
		profile.setItems(profiles.list());
		profile.setItemLabelGenerator(DeviceProfile::name);
		profile.setClearButtonVisible(true);
		status.setLabel("Status");
		status.setId("filter-status");
		status.setItems(DeviceStatus.values());
		status.setEmptySelectionAllowed(true);
		status.setEmptySelectionCaption("Active (any status)");
		status.setItemLabelGenerator(s -> s == null ? "Active (any status)" : StatusBadge.of(s).getText());
		name.addValueChangeListener(e -> filtersChanged());
		tag.addValueChangeListener(e -> filtersChanged());
		profile.addValueChangeListener(e -> filtersChanged());
		status.addValueChangeListener(e -> filtersChanged());

		HorizontalLayout toolbar = new HorizontalLayout(name, tag, profile, status, total);
		toolbar.setAlignItems(FlexComponent.Alignment.BASELINE);
		// Wraps onto a second line rather than scrolling the page sideways (a laptop at 1,280 px, a phone at 390 px).
		toolbar.setWrap(true);
		toolbar.setWidthFull();
		total.setId("device-total");
		if (manager) {
			Button register = new Button("Register device", VaadinIcon.PLUS.create(),
					e -> new RegisterDialog(registry, profiles.list(), created -> {
						grid.getDataProvider().refreshAll();
						updateTotal();
					}).open());
			register.setId("register-device");
			register.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
			Button importCsv = new Button("Import CSV", VaadinIcon.UPLOAD.create(), e -> new ImportDialog(importer, () -> {
				grid.getDataProvider().refreshAll();
				updateTotal();
			}).open());
			importCsv.setId("import-devices");
			toolbar.add(register, importCsv);
		}

		grid.setId("device-grid");
		grid.addColumn(DeviceSummary::name).setHeader("Name").setKey("name").setSortProperty("name").setSortable(true).setFlexGrow(2);
		grid.addComponentColumn(d -> StatusBadge.of(d.status())).setHeader("Status").setAutoWidth(true);
		grid.addColumn(d -> Times.dateTime(d.lastSeen(), "never"))
			.setHeader("Last seen")
			.setKey("lastSeen")
			.setSortProperty("lastSeen")
			.setSortable(true)
			.setAutoWidth(true);
		grid.addColumn(DeviceSummary::profileName).setHeader("Profile");
		grid.addColumn(d -> String.join(", ", d.tags())).setHeader("Tags").setFlexGrow(2);
		grid.addColumn(d -> Times.dateTime(d.createdAt())).setHeader("Registered").setKey("created").setSortProperty("created").setSortable(true).setAutoWidth(true);
		grid.setItemsPageable(pageable -> {
			String sort = "name";
			boolean descending = false;
			for (Sort.Order order : pageable.getSort()) {
				sort = order.getProperty();
				descending = order.isDescending();
				break;
			}
			return registry.list(query(sort, descending, pageable.getPageNumber(), pageable.getPageSize()), false).items();
		});
		grid.addItemClickListener(e -> DeviceNavigation.toDevice(e.getItem().id()));
		// Status badges and last seen follow the devices while the list is open (the visible page is fetched again).
		LiveRefresh.every(grid, Duration.ofSeconds(5), () -> grid.getDataProvider().refreshAll());
		grid.setSizeFull();
		add(new H1("Devices"), toolbar, grid);
		setFlexGrow(1, grid);
	}

	private DeviceQuery query(String sort, boolean descending, int page, int size) {
		return new DeviceQuery(blankToNull(name.getValue()), blankToNull(tag.getValue()),
				profile.getValue() == null ? null : profile.getValue().id(), status.getValue(), sort, descending, page,
				Math.min(size, DeviceQuery.MAX_SIZE));
	}

	private void filtersChanged() {
		if (restoring) {
			return;
		}
		Map<String, String> params = new java.util.LinkedHashMap<>();
		if (blankToNull(name.getValue()) != null) {
			params.put("name", name.getValue().strip());
		}
		if (blankToNull(tag.getValue()) != null) {
			params.put("tag", tag.getValue().strip());
		}
		if (profile.getValue() != null) {
			params.put("profile", profile.getValue().id().toString());
		}
		if (status.getValue() != null) {
			params.put("status", status.getValue().value());
		}
		// The URL holds the filters (bookmarks, back button); navigating to the same view only runs beforeEnter again.
		getUI().ifPresent(ui -> ui.navigate("devices", QueryParameters.simple(params)));
	}

	private void updateTotal() {
		long count = registry.count(query("name", false, 0, 1));
		total.setText(count + (count == 1 ? " device" : " devices"));
	}

	@Override
	public void beforeEnter(BeforeEnterEvent event) {
		Map<String, List<String>> params = event.getLocation().getQueryParameters().getParameters();
		restoring = true;
		try {
			name.setValue(first(params, "name"));
			tag.setValue(first(params, "tag"));
			String wanted = first(params, "profile");
			profile.setValue(profile.getListDataView().getItems().filter(p -> p.id().toString().equals(wanted)).findFirst().orElse(null));
			String state = first(params, "status");
			status.setValue(null);
			if (!state.isEmpty()) {
				try {
					status.setValue(DeviceStatus.parse(state));
				}
				catch (IllegalArgumentException ignored) {
					// an old or hand-made link: show all
				}
			}
		}
		finally {
			restoring = false;
		}
		boolean filtered = !name.isEmpty() || !tag.isEmpty() || profile.getValue() != null || status.getValue() != null;
		grid.setEmptyStateText(filtered ? "No devices match these filters."
				: manager ? "No devices yet. Register one, or import a CSV file." : "No devices yet.");
		grid.getDataProvider().refreshAll();
		updateTotal();
	}

	private static String first(Map<String, List<String>> params, String key) {
		List<String> values = params.get(key);
		return values == null || values.isEmpty() ? "" : values.getFirst();
	}

	private static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value.strip();
	}
}
