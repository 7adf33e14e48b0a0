package dev.sluice.server.tls;

import dev.sluice.server.storage.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * The server's generated certificate under {@code <data dir>/tls/}: {@code ca.pem} (what clients
 * trust), {@code server.pem} (the server certificate followed by the CA) and {@code server-key.pem}
 * (mode 0600). Made on the first start, reused while it parses and is valid.
 *
 * @param caFile the CA certificate clients trust
 * @param certificateFile the server's certificate chain
 * @param keyFile the server's private key
 * @param caFingerprint SHA-256 fingerprint of the CA certificate
 * @param generated true when this call made the files
 */
record SelfSignedCertificate(
        Path caFile, Path certificateFile, Path keyFile, String caFingerprint, boolean generated) {

    static final String CA_FILE = "ca.pem";
    static final String CERTIFICATE_FILE = "server.pem";
    static final String KEY_FILE = "server-key.pem";

    /** The certificate under {@code directory}, generated for {@code names} if missing or stale. */
    static SelfSignedCertificate ensure(
            Path directory, List<String> names, CertificateIssuer issuer, Instant now) {
        Path ca = directory.resolve(CA_FILE);
        Path certificate = directory.resolve(CERTIFICATE_FILE);
        Path key = directory.resolve(KEY_FILE);
        try {
            X509Certificate existing = usableCa(ca, certificate, key, now);
            if (existing != null) {
                // Someone may have widened the key's mode since; narrow it before serving.
                PrivateFiles.restrict(key);
                return new SelfSignedCertificate(
                        ca, certificate, key, PemText.fingerprint(existing), false);
            }
            CertificateIssuer.Issued issued = issuer.issue(names, now);
            // The key first and the CA last: a start killed in between finds no ca.pem and
            // generates again, so no client is ever told to trust a CA whose server is missing.
            PrivateFiles.write(key, PemText.privateKey(issued.serverKey()));
            PrivateFiles.write(
                    certificate,
                    PemText.certificate(issued.server()) + PemText.certificate(issued.ca()));
            PrivateFiles.write(ca, PemText.certificate(issued.ca()));
            return new SelfSignedCertificate(
                    ca, certificate, key, PemText.fingerprint(issued.ca()), true);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the TLS certificate in " + directory, e);
        }
    }

    /** The CA certificate if all three files are there and both certificates are valid now. */
    private static X509Certificate usableCa(Path ca, Path certificate, Path key, Instant now)
            throws IOException {
        if (!PrivateFiles.exists(ca)
                || !PrivateFiles.exists(certificate)
                || !PrivateFiles.exists(key)) {
            return null;
        }
        try {
            List<X509Certificate> cas = PemText.certificates(PrivateFiles.read(ca));
            List<X509Certificate> chain = PemText.certificates(PrivateFiles.read(certificate));
            if (cas.size() != 1 || chain.isEmpty()) {
                return null;
            }
            Date at = Date.from(now);
            cas.get(0).checkValidity(at);
            chain.get(0).checkValidity(at);
            chain.get(0).verify(cas.get(0).getPublicKey());
            return cas.get(0);
        } catch (GeneralSecurityException e) {
            // Expired, or not signed by this CA: make a new pair rather than serve a bad one.
            return null;
        }
    }
}
