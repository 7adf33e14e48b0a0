package dev.sluice.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS trust for a server whose certificate no public CA signed, such as the one {@code ./sluice up
 * --tls} generates: the certificates of a PEM file ({@code <data dir>/tls/ca.pem}) are trusted in
 * addition to the JDK's own CAs, so one setting works for both kinds of server. Host names are
 * still checked.
 */
public final class TrustedCertificates {

    private static final String BEGIN = "-----BEGIN CERTIFICATE-----";

    private TrustedCertificates() {}

    /**
     * An SSL context trusting the JDK's CAs and the certificates in {@code caFile}.
     *
     * @throws SluiceClientException when the file cannot be read or holds no certificate
     */
    public static SSLContext sslContext(Path caFile) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustManager(caFile)}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new SluiceClientException(
                    "Cannot build TLS trust from the CA file " + caFile + ": " + e.getMessage(), e);
        }
    }

    /** The trust manager of {@link #sslContext}: the JDK's CAs and those of the file. */
    static X509TrustManager trustManager(Path caFile) {
        List<X509Certificate> certificates = read(caFile);
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int index = 0;
            for (X509Certificate ca : jdkDefaults()) {
                store.setCertificateEntry("jdk-" + index++, ca);
            }
            index = 0;
            for (X509Certificate ca : certificates) {
                store.setCertificateEntry("ca-file-" + index++, ca);
            }
            TrustManagerFactory factory =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new GeneralSecurityException("The JDK offers no X.509 trust manager");
        } catch (GeneralSecurityException | IOException e) {
            throw new SluiceClientException(
                    "Cannot build TLS trust from the CA file " + caFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * The certificates of a PEM file.
     *
     * @throws SluiceClientException when it cannot be read or holds no certificate
     */
    static List<X509Certificate> read(Path caFile) {
        byte[] content;
        try {
            content = Files.readAllBytes(caFile);
        } catch (IOException e) {
            throw new SluiceClientException(
                    "Cannot read the CA file " + caFile + ": " + e.getClass().getSimpleName(), e);
        }
        if (!new String(content, java.nio.charset.StandardCharsets.US_ASCII).contains(BEGIN)) {
            throw new SluiceClientException(
                    "The CA file "
                            + caFile
                            + " holds no PEM certificate (a "
                            + BEGIN
                            + " block); give the server's CA certificate, such as <data"
                            + " dir>/tls/ca.pem");
        }
        Collection<? extends Certificate> parsed;
        try {
            parsed =
                    CertificateFactory.getInstance("X.509")
                            .generateCertificates(new ByteArrayInputStream(content));
        } catch (CertificateException e) {
            throw new SluiceClientException(
                    "The CA file "
                            + caFile
                            + " is not a readable PEM certificate: "
                            + e.getMessage(),
                    e);
        }
        List<X509Certificate> certificates = new ArrayList<>();
        parsed.forEach(c -> certificates.add((X509Certificate) c));
        if (certificates.isEmpty()) {
            throw new SluiceClientException("The CA file " + caFile + " holds no certificate");
        }
        return certificates;
    }

    /**
     * What to add to the message of a failed call: a hint when the server's certificate was not
     * trusted, else nothing.
     */
    static String hint(IOException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof javax.net.ssl.SSLHandshakeException
                    && String.valueOf(cause.getMessage()).contains("PKIX")) {
                return " (the server's certificate is not trusted: give the CA file that signed it,"
                        + " e.g. <data dir>/tls/ca.pem, with SLUICE_CA_FILE or login --ca-file in"
                        + " the CLI, caFile(...) in the Java client)";
            }
        }
        return "";
    }

    private static List<X509Certificate> jdkDefaults() throws GeneralSecurityException {
        TrustManagerFactory factory =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        List<X509Certificate> cas = new ArrayList<>();
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                cas.addAll(List.of(x509.getAcceptedIssuers()));
            }
        }
        return cas;
    }
}
