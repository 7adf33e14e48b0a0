package dev.sluice.server.flink;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link FlinkClient} over Flink's REST API v1, with java.net.http and Jackson; thread-safe, one
 * instance per cluster.
 */
public final class RestFlinkClient implements FlinkClient {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /** Generous because jar run executes the job's main() on the JobManager before answering. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);

    /** Uploads move whole jars, so they get at least this long whatever the request timeout. */
    static final Duration MIN_UPLOAD_TIMEOUT = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(RestFlinkClient.class);

    /** How Flink's jar handlers word an unknown jar id, which they do not answer with 404. */
    private static final Pattern MISSING_JAR =
            Pattern.compile("(?:File|Jar file) .+ does not exist");

    private static final int MAX_NON_JSON_ERROR_CHARS = 2000;

    private final String baseUrl;
    private final Duration requestTimeout;
    private final HttpClient http;
    private final JsonMapper json;

    /** A client with {@link #DEFAULT_CONNECT_TIMEOUT} and {@link #DEFAULT_REQUEST_TIMEOUT}. */
    public RestFlinkClient(URI baseUrl) {
        this(baseUrl, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * @param baseUrl Flink's REST address, e.g. http://127.0.0.1:8081 (a path prefix is kept)
     * @param connectTimeout for establishing the TCP connection
     * @param requestTimeout for the whole answer of one request (uploads get at least {@link
     *     #MIN_UPLOAD_TIMEOUT})
     */
    public RestFlinkClient(URI baseUrl, Duration connectTimeout, Duration requestTimeout) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (baseUrl.getScheme() == null || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("Flink REST URL needs scheme and host: " + baseUrl);
        }
        this.baseUrl = baseUrl.toString().replaceAll("/+$", "");
        this.requestTimeout = positive(requestTimeout, "requestTimeout");
        this.http =
                HttpClient.newBuilder()
                        // Flink's Netty REST endpoint only speaks HTTP/1.1, so offering an h2c
                        // upgrade would only add headers it ignores.
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(positive(connectTimeout, "connectTimeout"))
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
        this.json =
                JsonMapper.builder()
                        // Both Flink lines add fields over time (2.x: applicationId, jobType...).
                        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                        // Flink sends explicit nulls for numbers it does not have (timestamp).
                        .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                        .build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public ClusterOverview overview() {
        return fetch(FlinkEndpoint.CLUSTER_OVERVIEW, null);
    }

    @Override
    public List<JobOverview> jobsOverview() {
        return fetch(FlinkEndpoint.JOBS_OVERVIEW, null).list();
    }

    @Override
    public JobDetail jobDetail(String jobId) {
        return fetch(FlinkEndpoint.JOB_DETAIL, null, jobId);
    }

    @Override
    public String uploadJar(Path jarFile) {
        MultipartJarBody body = new MultipartJarBody(jarFile);
        FlinkEndpoint<Path, FlinkWire.JarUploadResponse> endpoint = FlinkEndpoint.JAR_UPLOAD;
        Duration timeout =
                requestTimeout.compareTo(MIN_UPLOAD_TIMEOUT) > 0
                        ? requestTimeout
                        : MIN_UPLOAD_TIMEOUT;
        FlinkWire.JarUploadResponse response =
                exchange(endpoint, endpoint.path(), body.publisher(), body.contentType(), timeout);
        String jarId = required(response, endpoint).jarId();
        if (jarId == null) {
            throw protocolError(endpoint, "upload answer has no filename: " + response);
        }
        log.debug("Uploaded {} to Flink as jar {}", jarFile, jarId);
        return jarId;
    }

    @Override
    public void deleteJar(String jarId) {
        call(FlinkEndpoint.JAR_DELETE, null, jarId);
    }

    @Override
    public String runJar(String jarId, JarRunRequest request) {
        Objects.requireNonNull(request, "request");
        String jobId = fetch(FlinkEndpoint.JAR_RUN, request, jarId).jobId();
        if (jobId == null || jobId.isBlank()) {
            throw protocolError(FlinkEndpoint.JAR_RUN, "run answer has no jobid");
        }
        return jobId;
    }

    @Override
    public String triggerSavepoint(
            String jobId,
            @Nullable String targetDirectory,
            @Nullable String triggerId,
            @Nullable SavepointFormat format) {
        var body =
                new FlinkWire.SavepointTriggerBody(
                        targetDirectory, false, checkedTriggerId(triggerId), format);
        return trigger(FlinkEndpoint.SAVEPOINT_TRIGGER, body, jobId);
    }

    @Override
    public String stopWithSavepoint(
            String jobId,
            @Nullable String targetDirectory,
            boolean drain,
            @Nullable String triggerId,
            @Nullable SavepointFormat format) {
        var body =
                new FlinkWire.StopWithSavepointBody(
                        targetDirectory, drain, checkedTriggerId(triggerId), format);
        return trigger(FlinkEndpoint.STOP_WITH_SAVEPOINT, body, jobId);
    }

    @Override
    public SavepointOperationStatus savepointStatus(String jobId, String triggerId) {
        return fetch(FlinkEndpoint.SAVEPOINT_STATUS, null, jobId, triggerId).toStatus();
    }

    @Override
    public void cancelJob(String jobId) {
        call(FlinkEndpoint.JOB_CANCEL, null, jobId);
    }

    @Override
    public CheckpointStats checkpointStats(String jobId) {
        return fetch(FlinkEndpoint.CHECKPOINTS, null, jobId).toStats();
    }

    @Override
    public Optional<JobFailure> jobFailure(String jobId) {
        return fetch(FlinkEndpoint.EXCEPTIONS, null, jobId).toFailure();
    }

    @Override
    public String triggerSavepointDisposal(String savepointPath) {
        if (savepointPath == null || savepointPath.isBlank()) {
            throw new IllegalArgumentException("savepointPath must not be blank");
        }
        var body = new FlinkWire.SavepointDisposalBody(savepointPath);
        return trigger(FlinkEndpoint.SAVEPOINT_DISPOSAL, body);
    }

    @Override
    public SavepointOperationStatus savepointDisposalStatus(String triggerId) {
        return fetch(FlinkEndpoint.SAVEPOINT_DISPOSAL_STATUS, null, triggerId).toStatus();
    }

    @Override
    public String toString() {
        return "RestFlinkClient[" + baseUrl + "]";
    }

    /** A request whose answer body the caller needs; an empty answer is a protocol error. */
    private <B, R> R fetch(FlinkEndpoint<B, R> endpoint, @Nullable B body, String... params) {
        return required(call(endpoint, body, params), endpoint);
    }

    /** A JSON (or empty) request to {@code endpoint} with the given path parameters. */
    private <B, R> @Nullable R call(
            FlinkEndpoint<B, R> endpoint, @Nullable B body, String... params) {
        String path = endpoint.path(params);
        if (body == null) {
            return exchange(
                    endpoint, path, HttpRequest.BodyPublishers.noBody(), null, requestTimeout);
        }
        byte[] payload;
        try {
            payload = json.writeValueAsBytes(body);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("cannot serialise " + body, e);
        }
        return exchange(
                endpoint,
                path,
                HttpRequest.BodyPublishers.ofByteArray(payload),
                "application/json",
                requestTimeout);
    }

    private <R> @Nullable R exchange(
            FlinkEndpoint<?, R> endpoint,
            String path,
            HttpRequest.BodyPublisher publisher,
            @Nullable String contentType,
            Duration timeout) {
        FlinkCallCounts.called(endpoint);
        try {
            return send(endpoint, path, publisher, contentType, timeout);
        } catch (FlinkUnavailableException | FlinkRequestException e) {
            FlinkCallCounts.failed(endpoint, e);
            throw e;
        }
    }

    private <R> @Nullable R send(
            FlinkEndpoint<?, R> endpoint,
            String path,
            HttpRequest.BodyPublisher publisher,
            @Nullable String contentType,
            Duration timeout) {
        String request = endpoint.method() + " " + path;
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(baseUrl + path))
                        .timeout(timeout)
                        .header("Accept", "application/json")
                        .method(endpoint.method(), publisher);
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        log.debug("Flink request {} {}{}", endpoint.method(), baseUrl, path);
        long started = System.nanoTime();
        HttpResponse<byte[]> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new FlinkUnavailableException(
                    "Flink at " + baseUrl + " did not answer " + request + " in time: " + e, e);
        } catch (IOException e) {
            throw new FlinkUnavailableException(
                    "Flink at " + baseUrl + " unreachable for " + request + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FlinkUnavailableException(
                    "Interrupted while waiting for Flink at " + baseUrl + " (" + request + ")", e);
        }
        int status = response.statusCode();
        log.debug(
                "Flink answered {} with HTTP {} in {} ms",
                request,
                status,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        if (status < 200 || status > 299) {
            throw failure(endpoint, request, status, response.body());
        }
        if (endpoint.responseType() == Void.class) {
            return null;
        }
        try {
            return json.readValue(response.body(), endpoint.responseType());
        } catch (JacksonException e) {
            throw protocolError(
                    endpoint, "unreadable answer to " + request + ": " + e.getOriginalMessage());
        }
    }

    /**
     * Transient versus permanent: gateway errors and 5xx answers that are not Flink's own error
     * body (a proxy, a JobManager going down) are worth retrying; anything Flink explains is not.
     */
    private RuntimeException failure(
            FlinkEndpoint<?, ?> endpoint, String request, int status, byte[] body) {
        List<String> errors = flinkErrors(body);
        if (status == 502 || status == 503 || status == 504 || (status >= 500 && errors == null)) {
            String detail =
                    errors == null
                            ? abbreviate(new String(body, StandardCharsets.UTF_8))
                            : FlinkErrorText.summarize(String.join("\n", errors));
            return new FlinkUnavailableException(
                    status,
                    "Flink at "
                            + baseUrl
                            + " answered HTTP "
                            + status
                            + " to "
                            + request
                            + ": "
                            + detail);
        }
        if (errors == null) {
            String text = abbreviate(new String(body, StandardCharsets.UTF_8));
            errors = List.of(text.isBlank() ? "HTTP " + status + " without body" : text);
        }
        boolean notFound =
                status == 404
                        || (endpoint.jarScoped()
                                && errors.stream().anyMatch(e -> MISSING_JAR.matcher(e).find()));
        return new FlinkRequestException(status, errors, notFound, request);
    }

    /** Flink's {"errors": [...]} entries, or null when the body is something else. */
    private @Nullable List<String> flinkErrors(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            FlinkWire.ErrorBody parsed = json.readValue(body, FlinkWire.ErrorBody.class);
            return parsed.errors() == null || parsed.errors().isEmpty()
                    ? null
                    : List.copyOf(parsed.errors());
        } catch (JacksonException e) {
            return null;
        }
    }

    /** A 2xx whose body is not what the endpoint promises: retrying will not fix it. */
    private static FlinkRequestException protocolError(FlinkEndpoint<?, ?> endpoint, String what) {
        return new FlinkRequestException(
                200, List.of(what), false, endpoint.method() + " " + endpoint.pathTemplate());
    }

    private static <R> R required(@Nullable R response, FlinkEndpoint<?, R> endpoint) {
        if (response == null) {
            throw protocolError(endpoint, "empty answer");
        }
        return response;
    }

    /** Starts one of Flink's asynchronous operations and returns its trigger ("request") id. */
    private <B> String trigger(
            FlinkEndpoint<B, FlinkWire.TriggerResponse> endpoint, B body, String... params) {
        String requestId = fetch(endpoint, body, params).requestId();
        if (requestId == null || requestId.isBlank()) {
            throw protocolError(endpoint, "trigger answer has no request-id");
        }
        return requestId;
    }

    private static @Nullable String checkedTriggerId(@Nullable String triggerId) {
        if (triggerId != null && !JarRunRequest.HEX_ID.matcher(triggerId).matches()) {
            throw new IllegalArgumentException("triggerId must be 32 hex digits, got " + triggerId);
        }
        return triggerId;
    }

    private static Duration positive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + duration);
        }
        return duration;
    }

    private static String abbreviate(String text) {
        String trimmed = text.strip();
        return trimmed.length() <= MAX_NON_JSON_ERROR_CHARS
                ? trimmed
                : trimmed.substring(0, MAX_NON_JSON_ERROR_CHARS) + "…";
    }
}
