package org.emon.auth.jwt.internal;

import java.io.IOException;
import java.util.List;

import org.emon.api.auth.ApiToken;
import org.emon.api.auth.ApiTokenAdmin;
import org.emon.api.auth.ApiTokenScope;
import org.emon.api.auth.NewApiToken;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link ApiTokenAdmin} over the authentication service's token store, for the console and REST. */
@Component(service = ApiTokenAdmin.class)
public class ApiTokenAdministration implements ApiTokenAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(ApiTokenAdministration.class);

    private final ApiTokenStore store;

    @Activate
    public ApiTokenAdministration(@Reference AuthService auth) {
        this.store = auth.apiTokens();
    }

    @Override
    public List<ApiToken> tokens() {
        return store.list();
    }

    @Override
    public NewApiToken create(String name, ApiTokenScope scope) throws IOException {
        NewApiToken created = store.create(name, scope);
        LOG.info("Created API token '{}' with scope {}", name, scope.id());
        return created;
    }

    @Override
    public void revoke(String name) throws IOException {
        store.revoke(name);
        LOG.info("Revoked API token '{}'", name);
    }
}
