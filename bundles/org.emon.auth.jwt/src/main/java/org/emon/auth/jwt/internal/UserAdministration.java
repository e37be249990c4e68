package org.emon.auth.jwt.internal;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import org.emon.api.auth.KeyRotation;
import org.emon.api.auth.Role;
import org.emon.api.auth.TokenAdmin;
import org.emon.api.auth.User;
import org.emon.api.auth.UserAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link UserAdmin} and {@link TokenAdmin} over the authentication service's user store and key. */
@Component(service = {UserAdmin.class, TokenAdmin.class})
public class UserAdministration implements UserAdmin, TokenAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(UserAdministration.class);

    private final AuthService auth;

    @Activate
    public UserAdministration(@Reference AuthService auth) {
        this.auth = auth;
    }

    @Override
    public List<User> users() {
        return auth.users().list().stream().map(UserAdministration::view).toList();
    }

    @Override
    public Optional<User> user(String name) {
        return auth.users().find(name).map(UserAdministration::view);
    }

    @Override
    public User add(String name, String password, Role role) throws IOException {
        User user = view(auth.users().add(name, password, roleId(role)));
        LOG.info("Added user '{}' with role {}", name, user.role().id());
        return user;
    }

    @Override
    public User changePassword(String name, String password) throws IOException {
        return update(name, password, null);
    }

    @Override
    public User changeRole(String name, Role role) throws IOException {
        return update(name, null, roleId(role));
    }

    /** Password and/or role (null: unchanged) in one checked, atomic write. */
    User update(String name, String password, String role) throws IOException {
        User user = view(auth.users().update(name, password, role));
        LOG.info("Changed {}{}{} of user '{}'", password != null ? "the password" : "",
                password != null && role != null ? " and " : "", role != null ? "the role to " + role : "", name);
        return user;
    }

    @Override
    public void remove(String name) throws IOException {
        auth.users().remove(name);
        LOG.info("Removed user '{}'", name);
    }

    @Override
    public KeyRotation rotateSigningKey() throws IOException {
        return auth.rotateSigningKey();
    }

    private static String roleId(Role role) {
        if (role == null) {
            throw new IllegalArgumentException("role must be viewer or admin, not null");
        }
        return role.id();
    }

    static User view(UserStore.User u) {
        return new User(u.username(), Role.parse(u.role()));
    }
}
