package dev.sluice.server.tls;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code sluice.tls.*}.
 *
 * @param selfSigned serve HTTPS with a certificate the server generates under {@code <data
 *     dir>/tls/} on its first start and reuses afterwards
 * @param hostNames further DNS names or IP addresses the generated certificate names, besides
 *     localhost, 127.0.0.1, ::1 and this machine's host name
 */
@ConfigurationProperties("sluice.tls")
public record TlsSettings(@DefaultValue("false") boolean selfSigned, List<String> hostNames) {

    public TlsSettings {
        hostNames = hostNames == null ? List.of() : List.copyOf(hostNames);
    }
}
