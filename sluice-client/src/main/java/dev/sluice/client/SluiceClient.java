package dev.sluice.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Java client of the Sluice HTTP API (the ARM-compatible API of HDInsight on AKS Flink jobs).
 *
 * <pre>{@code
 * SluiceClient sluice =
 *         SluiceClient.builder(URI.create("http://127.0.0.1:8080"))
 *                 .tokenProvider(ClientCredentials.builder(tokenUrl, id, secret).build())
 *                 .build();
 * ClusterRef session = new ClusterRef("local", "default", "local", "session");
 * UploadedJar jar = sluice.jars().upload(session, Path.of("target/my-job.jar"));
 * ClusterJob job =
 *         sluice.jobs()
 *                 .run(session, JobRequest.of(JobActionType.UPDATE, "my-job"),
 *                         Duration.ofMinutes(10), ProgressListener.NONE);
 * }</pre>
 *
 * Thread-safe; one instance per server is enough.
 */
public final class SluiceClient {

    /** The api-version sent unless the builder names another. */
    public static final String DEFAULT_API_VERSION = "2024-05-01-preview";

    private final Transport transport;
    private final Operations operations;
    private final Pools pools;
    private final Clusters clusters;
    private final Jobs jobs;
    private final Jars jars;

    private SluiceClient(Builder builder) {
        this.transport =
                new Transport(
                        builder.endpoint,
                        builder.apiVersion,
                        builder.http != null
                                ? builder.http
                                : Transport.defaultHttpClient(builder.caFile),
                        builder.tokens,
                        builder.requestTimeout);
        this.operations =
                new Operations(transport, builder.clock, builder.sleeper, builder.pollInterval);
        this.pools = new Pools(transport);
        this.clusters = new Clusters(transport, operations);
        this.jobs = new Jobs(transport, operations);
        this.jars = new Jars(transport);
    }

    /**
     * A builder for a client of the server at {@code endpoint}.
     *
     * @param endpoint the server's base URL, e.g. {@code http://127.0.0.1:8080}
     */
    public static Builder builder(URI endpoint) {
        return new Builder(endpoint);
    }

    /** The server's base URL. */
    public URI endpoint() {
        return transport.endpoint();
    }

    /** Cluster pools. */
    public Pools pools() {
        return pools;
    }

    /** Flink clusters. */
    public Clusters clusters() {
        return clusters;
    }

    /** Flink jobs and their actions. */
    public Jobs jobs() {
        return jobs;
    }

    /** Jar uploads into a cluster's storage. */
    public Jars jars() {
        return jars;
    }

    /** Waiting for long-running operations. */
    public Operations operations() {
        return operations;
    }

    /** Settings of a {@link SluiceClient}; all but the endpoint have defaults. */
    public static final class Builder {

        private final URI endpoint;
        private TokenProvider tokens = TokenProvider.none();
        private String apiVersion = DEFAULT_API_VERSION;
        private HttpClient http;
        private Path caFile;
        private Duration requestTimeout = Duration.ofMinutes(5);
        private Duration pollInterval;
        private Clock clock = Clock.systemUTC();
        private Operations.Sleeper sleeper = duration -> Thread.sleep(duration.toMillis());

        private Builder(URI endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            if (endpoint.getScheme() == null || endpoint.getHost() == null) {
                throw new IllegalArgumentException(
                        "The endpoint must be an absolute http(s) URL, not " + endpoint);
            }
        }

        /** Where bearer tokens come from; none by default. */
        public Builder tokenProvider(TokenProvider tokens) {
            this.tokens = Objects.requireNonNull(tokens, "tokens");
            return this;
        }

        /** The api-version to send; {@link SluiceClient#DEFAULT_API_VERSION} by default. */
        public Builder apiVersion(String apiVersion) {
            this.apiVersion = Objects.requireNonNull(apiVersion, "apiVersion");
            return this;
        }

        /** The HTTP client to use; by default one of its own that follows no redirects. */
        public Builder httpClient(HttpClient http) {
            this.http = http;
            return this;
        }

        /**
         * A PEM file of CA certificates trusted in addition to the JDK's (see {@link
         * TrustedCertificates}), for a server whose certificate no public CA signed, such as {@code
         * <data dir>/tls/ca.pem} of {@code ./sluice up --tls}. Read by {@link #build()}; not used
         * with {@link #httpClient}, whose own SSL context counts.
         */
        public Builder caFile(Path caFile) {
            this.caFile = caFile;
            return this;
        }

        /** How long one HTTP call may take (a jar upload is one call); 5 min by default. */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
            return this;
        }

        /**
         * A fixed interval between polls of an operation, instead of the server's {@code
         * Retry-After}.
         */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
            return this;
        }

        /** The clock that operation timeouts are measured with; for tests. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        Builder sleeper(Operations.Sleeper sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        /** A client with these settings. */
        public SluiceClient build() {
            return new SluiceClient(this);
        }
    }
}
