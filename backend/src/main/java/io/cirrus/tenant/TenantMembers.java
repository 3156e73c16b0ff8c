package io.cirrus.tenant;

import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

import io.cirrus.shared.CirrusException;
import io.cirrus.shared.CirrusUser;
import io.cirrus.shared.NotFoundException;
import io.cirrus.shared.Problems;
import io.cirrus.shared.Roles;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;
import io.cirrus.tenant.internal.TenantStore;

/**
 * A tenant admin's users: the members of the tenant's Keycloak organization. Invite one with a role (a temporary
 * password shown once; Keycloak asks for a new one at the first sign-in), change a role, disable (their sessions end)
 * and enable, remove. Roles are the tenant's only (never platform-admin); a user of another organization answers 404,
 * a platform admin among the members is left to Keycloak's administrators, and the tenant always keeps an enabled
 * tenant admin (nobody removes, disables or demotes the last one, themselves included).
 */
@Service
public class TenantMembers {

	private static final Logger log = LoggerFactory.getLogger(TenantMembers.class);

	/** Keycloak's user ids; anything else is no user (and never reaches a URL). */
	private static final Pattern USER_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

	private final MemberDirectory members;

	private final OrganizationDirectory organizations;

	private final TenantStore tenants;

	TenantMembers(MemberDirectory members, OrganizationDirectory organizations, TenantStore tenants) {
		this.members = members;
		this.organizations = organizations;
		this.tenants = tenants;
	}

	/** A user of the tenant; {@code role} is their Cirrus role in it (null when they have none yet). */
	public record User(String id, String username, @Nullable String email, @Nullable String firstName,
			@Nullable String lastName, boolean enabled, @Nullable String role) {
	}

	/** Whom to invite; the username defaults to the e-mail address. */
	public record Invitation(@Nullable String email, @Nullable String username, @Nullable String firstName,
			@Nullable String lastName, @Nullable String role) {
	}

	/** An invited user and their temporary password, shown this once. */
	public record Invited(User user, String temporaryPassword) {

		@Override
		public String toString() {
			return "Invited[" + user.username() + "]";
		}
	}

	@PreAuthorize("hasRole('" + Roles.TENANT_ADMIN + "')")
	public List<User> list() {
		return members.members(organizationId()).stream().map(TenantMembers::user).toList();
	}

	@PreAuthorize("hasRole('" + Roles.TENANT_ADMIN + "')")
	public User get(String userId) {
		return user(member(organizationId(), userId));
	}

	@PreAuthorize("hasRole('" + Roles.TENANT_ADMIN + "')")
	public Invited invite(Invitation invitation) {
		String email = NewMembers.email("email", invitation.email());
		String username = NewMembers.username("username", invitation.username(), email);
		String firstName = NewMembers.required("firstName", invitation.firstName(), 100);
		String lastName = NewMembers.required("lastName", invitation.lastName(), 100);
		String role = role(invitation.role());
		String organization = organizationId();
		String password = NewMembers.temporaryPassword();
		String id = organizations.createMember(organization,
				new OrganizationDirectory.NewMember(username, email, firstName, lastName, password, role));
		log.info("{} invited {} as {} to tenant {}", by(), username, role, TenantContext.require());
		return new Invited(user(member(organization, id)), password);
	}

	@PreAuthorize("hasRole('" + Roles.TENANT_ADMIN + "')")
	public User changeRole(String userId, @Nullable String role) {
		String granted = role(role);
		String organization = organizationId();
		MemberDirectory.Member member = changeable(organization, userId);
		if (!Roles.TENANT_ADMIN.equals(granted)) {
			keepAnAdmin(organization, member, "take the tenant-admin role from");
		}
		members.setRole(userId, granted);
		log.info("{} made {} a {} of tenant {}", by(), member.username(), granted, TenantContext.require());
		return user(member(organization, userId));
	}

	/** Disables (ending their sessions at once) or enables a user. */
	@PreAuthorize("hasRole('" + Roles.TENANT_ADMIN + "')")
	public User setEnabled(String userId, boolean enabled) {
		String organization = organizationId();
		MemberDirectory.Member member = changeable(organization, userId);
		if (!enabled) {
			keepAnAdmin(organization, member, "disable");
		}
		members.setEnabled(userId, enabled);
		log.info("{} {} {} of tenant {}", by(), enabled ? "enabled" : "disabled", member.username(), TenantContext.require());
		return user(member(organization, userId));
	}

	@PreAuthorize("hasRole('" + Roles.TENANT_ADMIN + "')")
	public void remove(String userId) {
		String organization = organizationId();
		MemberDirectory.Member member = changeable(organization, userId);
		keepAnAdmin(organization, member, "remove");
		members.remove(organization, userId);
		log.info("{} removed {} from tenant {}", by(), member.username(), TenantContext.require());
	}

	/** A member a tenant admin may change: of this organization, and not a platform admin. */
	private MemberDirectory.Member changeable(String organization, String userId) {
		MemberDirectory.Member member = member(organization, userId);
		if (member.roles().contains(Roles.PLATFORM_ADMIN)) {
			throw new CirrusException(Problems.FORBIDDEN, "The user " + member.username()
					+ " is a platform admin; only Keycloak's administrators change platform admins.");
		}
		return member;
	}

	/** Refuses to leave the tenant without an enabled tenant admin. */
	private void keepAnAdmin(String organization, MemberDirectory.Member member, String what) {
		if (!member.enabled() || !member.roles().contains(Roles.TENANT_ADMIN)) {
			return;
		}
		boolean another = members.members(organization).stream()
			.anyMatch(m -> !m.id().equals(member.id()) && m.enabled() && m.roles().contains(Roles.TENANT_ADMIN));
		if (!another) {
			boolean self = TenantContext.currentUser().map(CirrusUser::subject).filter(member.id()::equals).isPresent();
			throw new CirrusException(Problems.CONFLICT, "You cannot " + what + " " + (self ? "yourself" : member.username())
					+ ": the tenant would have no tenant admin left. Make another user a tenant admin first.");
		}
	}

	private MemberDirectory.Member member(String organization, String userId) {
		if (!USER_ID.matcher(userId).matches()) {
			throw new NotFoundException("User", userId);
		}
		return members.member(organization, userId).orElseThrow(() -> new NotFoundException("User", userId));
	}

	private static String role(@Nullable String role) {
		String value = role == null ? "" : role.strip();
		if (!Roles.TENANT_ROLES.contains(value)) {
			throw CirrusException.invalidField("role", "must be one of " + String.join(", ", Roles.TENANT_ROLES)
					+ " (platform admins are made in Keycloak, not by a tenant)");
		}
		return value;
	}

	private String organizationId() {
		TenantId tenant = TenantContext.require();
		return tenants.findById(tenant).orElseThrow(() -> new NotFoundException("Tenant", tenant)).organization().id();
	}

	private static User user(MemberDirectory.Member member) {
		String role = Roles.TENANT_ROLES.stream().filter(member.roles()::contains).findFirst().orElse(null);
		return new User(member.id(), member.username(), member.email(), member.firstName(), member.lastName(),
				member.enabled(), role);
	}

	private static String by() {
		return TenantContext.currentUser().map(CirrusUser::username).orElse("system");
	}
}
