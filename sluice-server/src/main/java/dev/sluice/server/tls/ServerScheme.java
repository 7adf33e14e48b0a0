package dev.sluice.server.tls;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.server.Ssl;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Whether this server answers HTTPS: with its generated certificate or with {@code server.ssl.*}.
 * The URLs the server hands out (token URL, issuer, the ready line) start with this scheme.
 */
@Component
public class ServerScheme {

    private final boolean https;

    ServerScheme(TlsSettings settings, Environment environment) {
        this.https =
                settings.selfSigned()
                        || Binder.get(environment)
                                .bind("server.ssl", Ssl.class)
                                .map(ssl -> ssl.isEnabled())
                                .orElse(false);
    }

    /** {@code https} or {@code http}. */
    public String scheme() {
        return https ? "https" : "http";
    }
}
