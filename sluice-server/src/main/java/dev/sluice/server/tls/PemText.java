package dev.sluice.server.tls;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** PEM text of certificates and keys, and the SHA-256 fingerprint people compare by eye. */
final class PemText {

    private static final Base64.Encoder BASE64 =
            Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

    private PemText() {}

    static String certificate(X509Certificate certificate) {
        try {
            return block("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateException e) {
            throw new IllegalStateException("Cannot encode a certificate", e);
        }
    }

    /** The key as PKCS#8 ({@code BEGIN PRIVATE KEY}), which Spring Boot's PEM support reads. */
    static String privateKey(PrivateKey key) {
        return block("PRIVATE KEY", key.getEncoded());
    }

    /** The certificates of a PEM text, in order. */
    static List<X509Certificate> certificates(String pem) throws CertificateException {
        return CertificateFactory.getInstance("X.509")
                .generateCertificates(
                        new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
                .stream()
                .map(X509Certificate.class::cast)
                .toList();
    }

    /** {@code AB:CD:…}: the SHA-256 of the certificate's DER encoding. */
    static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot hash a certificate", e);
        }
    }

    private static String block(String type, byte[] der) {
        return "-----BEGIN "
                + type
                + "-----\n"
                + BASE64.encodeToString(der)
                + "\n-----END "
                + type
                + "-----\n";
    }
}
