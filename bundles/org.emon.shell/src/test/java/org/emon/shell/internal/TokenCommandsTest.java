package org.emon.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.TreeMap;

import org.emon.api.auth.ApiToken;
import org.emon.api.auth.ApiTokenAdmin;
import org.emon.api.auth.ApiTokenScope;
import org.emon.api.auth.NewApiToken;
import org.junit.jupiter.api.Test;

/** The API token commands without Karaf: messages and the calls they make (the store is tested in org.emon.auth.jwt). */
class TokenCommandsTest {

    static final class FakeTokens implements ApiTokenAdmin {
        final TreeMap<String, ApiToken> tokens = new TreeMap<>();

        @Override
        public List<ApiToken> tokens() {
            return List.copyOf(tokens.values());
        }

        @Override
        public NewApiToken create(String name, ApiTokenScope scope) {
            if (tokens.containsKey(name)) {
                throw new IllegalStateException("a token named '" + name + "' exists already");
            }
            ApiToken t = new ApiToken(name, scope, Instant.parse("2026-01-02T03:04:05Z"), null);
            tokens.put(name, t);
            return new NewApiToken(t, "emon_secret-of-" + name);
        }

        @Override
        public void revoke(String name) {
            if (tokens.remove(name) == null) {
                throw new NoSuchElementException("no token named '" + name + "'");
            }
        }
    }

    @Test
    void createPrintsTheSecretOnceWithItsScope() {
        FakeTokens tokens = new FakeTokens();
        String out = TokenCreateCommand.run(tokens, "prometheus", "metrics");
        assertThat(out).contains("'prometheus' with scope metrics").endsWith("\nemon_secret-of-prometheus");
        assertThat(tokens.tokens.get("prometheus").scope()).isEqualTo(ApiTokenScope.METRICS);
        assertThatThrownBy(() -> TokenCreateCommand.run(tokens, "prometheus", "read")).isInstanceOf(CommandFailure.class)
                .hasMessageContaining("exists already");
        assertThatThrownBy(() -> TokenCreateCommand.run(tokens, "x", "everything")).isInstanceOf(CommandFailure.class)
                .hasMessageContaining("scope must be read, metrics, ingest or admin");
    }

    @Test
    void listShowsScopeCreationAndLastUseButNoSecret() {
        FakeTokens tokens = new FakeTokens();
        tokens.create("ha", ApiTokenScope.READ);
        tokens.tokens.put("esp", new ApiToken("esp", ApiTokenScope.INGEST, Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-05T06:07:08Z")));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TokenListCommand.print(tokens.tokens(), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).containsPattern("esp +\\| ingest +\\| 2026-01-01T00:00:00Z +\\| 2026-01-05T06:07:08Z");
        assertThat(out).containsPattern("ha +\\| read +\\| 2026-01-02T03:04:05Z +\\| never");
        assertThat(out).doesNotContain("emon_secret");
    }

    @Test
    void revokeRemovesOrFailsForAnUnknownName() {
        FakeTokens tokens = new FakeTokens();
        tokens.create("ha", ApiTokenScope.READ);
        assertThat(TokenRevokeCommand.run(tokens, "ha")).isEqualTo("Revoked API token 'ha'; it is refused from now on.");
        assertThat(tokens.tokens).isEmpty();
        assertThatThrownBy(() -> TokenRevokeCommand.run(tokens, "ha")).isInstanceOf(CommandFailure.class).hasMessageContaining("no token");
    }
}
