/**
 * Managing emon's users and the key that signs their tokens: {@link org.emon.api.auth.UserAdmin}
 * and {@link org.emon.api.auth.TokenAdmin}, used by the console commands and the users REST API;
 * {@link org.emon.api.auth.ApiTokenAdmin}: long-lived, scoped tokens for integrations.
 * Password hashes never leave the implementation.
 */
@Export
@Version("1.1.0")
package org.emon.api.auth;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
