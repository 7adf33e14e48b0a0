package dev.sluice.server.tls;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes a one-off certificate authority and a server certificate it signs (EC P-256). The CA's own
 * key signs once and is then forgotten: nothing else can ever be signed with it, while clients
 * trust the CA file, which stays valid as long as the server certificate.
 */
final class CertificateIssuer {

    /** A server certificate, its key and the CA certificate that signed it. */
    record Issued(X509Certificate ca, X509Certificate server, PrivateKey serverKey) {

        @Override
        public String toString() {
            return "Issued[" + server.getSubjectX500Principal() + "]";
        }
    }

    static final Duration VALIDITY = Duration.ofDays(3650);
    private static final String SIGNATURE = "SHA256withECDSA";

    private final SecureRandom random = new SecureRandom();

    /**
     * Issues a certificate naming {@code names} (DNS names, or IP addresses written as such).
     *
     * @param names the names; the first is the subject's common name
     * @param now when validity starts
     */
    Issued issue(List<String> names, Instant now) {
        try {
            KeyPair caKeys = keyPair();
            KeyPair serverKeys = keyPair();
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            Date from = Date.from(now.minus(Duration.ofMinutes(5)));
            Date until = Date.from(now.plus(VALIDITY));
            X500Name caName = name("Sluice local CA " + now.getEpochSecond());
            X509v3CertificateBuilder ca =
                    new JcaX509v3CertificateBuilder(
                            caName, serial(), from, until, caName, caKeys.getPublic());
            ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            ca.addExtension(
                    Extension.keyUsage,
                    true,
                    new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            ca.addExtension(
                    Extension.subjectKeyIdentifier,
                    false,
                    extensions.createSubjectKeyIdentifier(caKeys.getPublic()));
            X509Certificate caCertificate = sign(ca, caKeys.getPrivate());

            X509v3CertificateBuilder server =
                    new JcaX509v3CertificateBuilder(
                            caCertificate,
                            serial(),
                            from,
                            until,
                            name(names.get(0)),
                            serverKeys.getPublic());
            server.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            server.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            server.addExtension(
                    Extension.extendedKeyUsage,
                    false,
                    new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            server.addExtension(Extension.subjectAlternativeName, false, alternativeNames(names));
            server.addExtension(
                    Extension.subjectKeyIdentifier,
                    false,
                    extensions.createSubjectKeyIdentifier(serverKeys.getPublic()));
            server.addExtension(
                    Extension.authorityKeyIdentifier,
                    false,
                    extensions.createAuthorityKeyIdentifier(caCertificate));
            X509Certificate serverCertificate = sign(server, caKeys.getPrivate());
            return new Issued(caCertificate, serverCertificate, serverKeys.getPrivate());
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IllegalStateException("Cannot generate the self-signed certificate", e);
        }
    }

    /**
     * localhost, 127.0.0.1, ::1, this machine's host name and the given extra names, in that order
     * and each once.
     */
    static List<String> defaultNames(List<String> extra) {
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        try {
            names.add(InetAddress.getLocalHost().getHostName());
        } catch (java.io.IOException | RuntimeException e) {
            // Without a resolvable host name, the loopback names are enough for this machine.
        }
        extra.stream().map(String::strip).filter(n -> !n.isEmpty()).forEach(names::add);
        return new ArrayList<>(names);
    }

    private static GeneralNames alternativeNames(List<String> names) {
        return new GeneralNames(
                names.stream()
                        .map(
                                n ->
                                        ipAddress(n)
                                                ? new GeneralName(GeneralName.iPAddress, n)
                                                : new GeneralName(GeneralName.dNSName, n))
                        .toArray(GeneralName[]::new));
    }

    private static boolean ipAddress(String name) {
        return name.contains(":") || name.matches("[0-9.]+");
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    }

    private KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        return generator.generateKeyPair();
    }

    private BigInteger serial() {
        return new BigInteger(64, random).add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws OperatorCreationException, GeneralSecurityException {
        ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE).build(key);
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }
}
