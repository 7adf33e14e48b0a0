package dev.sluice.server.tls;

import dev.sluice.server.common.SluiceProperties;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * With {@code sluice.tls.self-signed=true}: the web server answers HTTPS with the certificate of
 * {@link SelfSignedCertificate}, made on the first start. Logs where the CA file is and its
 * fingerprint (never the key). Runs after Boot's own customizer, whose {@code server.ssl} it would
 * otherwise silently replace; both set is refused.
 */
@Component
@ConditionalOnProperty(name = "sluice.tls.self-signed", havingValue = "true")
class SelfSignedTls implements WebServerFactoryCustomizer<ConfigurableWebServerFactory>, Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(SelfSignedTls.class);

    private final SluiceProperties properties;
    private final TlsSettings settings;
    private final ServerProperties server;

    SelfSignedTls(SluiceProperties properties, TlsSettings settings, ServerProperties server) {
        this.properties = properties;
        this.settings = settings;
        this.server = server;
    }

    @Override
    public void customize(ConfigurableWebServerFactory factory) {
        if (Ssl.isEnabled(server.getSsl())) {
            throw new IllegalStateException(
                    "sluice.tls.self-signed=true and server.ssl.* are both set: use one of them");
        }
        SelfSignedCertificate certificate =
                SelfSignedCertificate.ensure(
                        properties.dataDir().resolve("tls"),
                        CertificateIssuer.defaultNames(settings.hostNames()),
                        new CertificateIssuer(),
                        Clock.systemUTC().instant());
        Ssl ssl = new Ssl();
        ssl.setCertificate("file:" + certificate.certificateFile().toAbsolutePath());
        ssl.setCertificatePrivateKey("file:" + certificate.keyFile().toAbsolutePath());
        factory.setSsl(ssl);
        LOG.info(
                "HTTPS with the {} self-signed certificate {}; clients trust the CA file {}"
                        + " (SHA-256 fingerprint {})",
                certificate.generated() ? "newly generated" : "existing",
                certificate.certificateFile().toAbsolutePath(),
                certificate.caFile().toAbsolutePath(),
                certificate.caFingerprint());
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
