package dev.sluice.server.alert;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature header of a webhook delivery: {@value #HEADER}{@code : sha256=<hex>}, the
 * HMAC-SHA256 of the exact body bytes under the shared secret, as GitHub's webhooks sign.
 */
final class Signature {

    static final String HEADER = "X-Sluice-Signature";

    private Signature() {}

    static String of(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            // Every Java runtime has HmacSHA256; a key of any length is valid for HMAC.
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
