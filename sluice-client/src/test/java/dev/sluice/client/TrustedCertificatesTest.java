package dev.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client trusts a server certificate through a CA file (the test's {@code tls/ca.pem}, made by
 * keytool for 127.0.0.1), over a real HTTPS server; a wrong file fails with a clear message.
 */
class TrustedCertificatesTest {

    @TempDir Path dir;
    private HttpsServer server;
    private URI url;

    @BeforeEach
    void startHttpsServer() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = resource("server.p12")) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keyManagers =
                KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext(
                "/",
                exchange -> {
                    byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
        server.start();
        url = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void the_ca_file_makes_the_server_trusted() throws Exception {
        Path ca = copy("ca.pem");
        HttpClient http = Transport.defaultHttpClient(ca);

        HttpResponse<String> answer =
                http.send(
                        HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.body()).isEqualTo("hello");
    }

    @Test
    void without_the_ca_file_or_with_another_the_handshake_fails() throws Exception {
        for (HttpClient http :
                new HttpClient[] {
                    Transport.defaultHttpClient(), Transport.defaultHttpClient(copy("other-ca.pem"))
                }) {
            assertThatThrownBy(
                            () ->
                                    http.send(
                                            HttpRequest.newBuilder(url).build(),
                                            HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void an_untrusted_server_is_reported_with_a_hint_to_the_ca_file() {
        SluiceClient client =
                SluiceClient.builder(
                                URI.create("https://127.0.0.1:" + server.getAddress().getPort()))
                        .build();

        assertThatThrownBy(() -> client.pools().list("sub1", "rg1"))
                .isInstanceOf(SluiceClientException.class)
                .hasMessageContaining("the server's certificate is not trusted")
                .hasMessageContaining("SLUICE_CA_FILE");
    }

    @Test
    void the_jdk_cas_stay_trusted_beside_the_file() throws Exception {
        X509Certificate ca = TrustedCertificates.read(copy("ca.pem")).get(0);
        X509TrustManager jdk = jdkTrustManager();

        X509Certificate[] trusted =
                TrustedCertificates.trustManager(copy("ca.pem")).getAcceptedIssuers();

        // The JDK's own CAs are still there: one setting serves a public server too.
        assertThat(jdk.getAcceptedIssuers()).isNotEmpty();
        assertThat(trusted).contains(ca).contains(jdk.getAcceptedIssuers());
    }

    @Test
    void a_missing_file_is_a_clear_error() {
        Path missing = dir.resolve("nope.pem");

        assertThatThrownBy(() -> SluiceClient.builder(url).caFile(missing).build())
                .isInstanceOf(SluiceClientException.class)
                .hasMessageContaining("Cannot read the CA file " + missing)
                .hasMessageContaining("NoSuchFileException");
    }

    @Test
    void a_file_without_a_certificate_is_a_clear_error() throws Exception {
        Path key = dir.resolve("server-key.pem");
        Files.writeString(
                key, "-----BEGIN PRIVATE KEY-----\nMIGHAgEA\n-----END PRIVATE KEY-----\n");

        assertThatThrownBy(() -> ClientCredentials.builder(url, "id", "secret").caFile(key).build())
                .isInstanceOf(SluiceClientException.class)
                .hasMessageContaining("The CA file " + key + " holds no PEM certificate");
    }

    @Test
    void a_broken_certificate_is_a_clear_error() throws Exception {
        Path broken = dir.resolve("broken.pem");
        Files.writeString(
                broken,
                "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n");

        assertThatThrownBy(() -> TrustedCertificates.sslContext(broken))
                .isInstanceOf(SluiceClientException.class)
                .hasMessageContaining(
                        "The CA file " + broken + " is not a readable PEM certificate");
    }

    private static X509TrustManager jdkTrustManager() throws Exception {
        TrustManagerFactory factory =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        return (X509TrustManager) factory.getTrustManagers()[0];
    }

    private Path copy(String name) {
        try (InputStream in = resource(name)) {
            Path file = dir.resolve(name);
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static InputStream resource(String name) {
        return TrustedCertificatesTest.class.getResourceAsStream("/tls/" + name);
    }
}
