package dev.sluice.server.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated certificate: its files, its names and chain, and its reuse on later starts. */
class SelfSignedCertificateTest {

    private static final Instant NOW = Instant.parse("2026-12-07T01:00:00Z");
    private static final List<String> NAMES = List.of("localhost", "127.0.0.1", "::1", "box1");

    @TempDir Path dir;

    @Test
    void the_first_start_generates_a_ca_and_a_server_certificate_for_the_names() throws Exception {
        SelfSignedCertificate made =
                SelfSignedCertificate.ensure(dir, NAMES, new CertificateIssuer(), NOW);

        assertThat(made.generated()).isTrue();
        assertThat(made.caFile()).isEqualTo(dir.resolve("ca.pem"));
        assertThat(Files.getPosixFilePermissions(made.keyFile()))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(made.keyFile())).startsWith("-----BEGIN PRIVATE KEY-----");
        X509Certificate ca = PemText.certificates(Files.readString(made.caFile())).get(0);
        List<X509Certificate> chain =
                PemText.certificates(Files.readString(made.certificateFile()));
        assertThat(chain).hasSize(2);
        assertThat(chain.get(1)).isEqualTo(ca);
        X509Certificate server = chain.get(0);
        server.verify(ca.getPublicKey());
        assertThat(ca.getBasicConstraints()).isEqualTo(0);
        assertThat(server.getBasicConstraints()).isEqualTo(-1);
        assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(server.getSubjectAlternativeNames())
                .extracting(name -> name.get(1).toString())
                .containsExactly("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1", "box1");
        assertThat(made.caFingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(made.caFingerprint()).isEqualTo(PemText.fingerprint(ca));
        // The CA's key signed once and is nowhere on disk.
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("ca.pem", "server.pem", "server-key.pem");
        }
    }

    @Test
    void later_starts_reuse_the_files_and_narrow_a_widened_key() throws Exception {
        SelfSignedCertificate first =
                SelfSignedCertificate.ensure(dir, NAMES, new CertificateIssuer(), NOW);
        String key = Files.readString(first.keyFile());
        Files.setPosixFilePermissions(
                first.keyFile(), PosixFilePermissions.fromString("rw-r--r--"));

        SelfSignedCertificate again =
                SelfSignedCertificate.ensure(
                        dir, NAMES, new CertificateIssuer(), NOW.plus(Duration.ofDays(30)));

        assertThat(again.generated()).isFalse();
        assertThat(again.caFingerprint()).isEqualTo(first.caFingerprint());
        assertThat(Files.readString(again.keyFile())).isEqualTo(key);
        assertThat(Files.getPosixFilePermissions(again.keyFile()))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void an_expired_or_broken_certificate_is_made_anew() throws Exception {
        SelfSignedCertificate first =
                SelfSignedCertificate.ensure(dir, NAMES, new CertificateIssuer(), NOW);

        SelfSignedCertificate afterExpiry =
                SelfSignedCertificate.ensure(
                        dir,
                        NAMES,
                        new CertificateIssuer(),
                        NOW.plus(CertificateIssuer.VALIDITY).plus(Duration.ofDays(1)));
        assertThat(afterExpiry.generated()).isTrue();
        assertThat(afterExpiry.caFingerprint()).isNotEqualTo(first.caFingerprint());

        Files.writeString(afterExpiry.caFile(), "not a certificate");
        SelfSignedCertificate afterDamage =
                SelfSignedCertificate.ensure(dir, NAMES, new CertificateIssuer(), NOW);
        assertThat(afterDamage.generated()).isTrue();

        // A start killed before ca.pem was written generates again.
        Files.delete(afterDamage.caFile());
        assertThat(
                        SelfSignedCertificate.ensure(dir, NAMES, new CertificateIssuer(), NOW)
                                .generated())
                .isTrue();
    }

    @Test
    void default_names_start_with_the_loopback_ones_and_add_the_given_once() {
        List<String> names =
                CertificateIssuer.defaultNames(List.of(" sluice.example.org ", "localhost"));

        assertThat(names)
                .startsWith("localhost", "127.0.0.1", "::1")
                .endsWith("sluice.example.org");
        assertThat(names).doesNotHaveDuplicates();
    }
}
