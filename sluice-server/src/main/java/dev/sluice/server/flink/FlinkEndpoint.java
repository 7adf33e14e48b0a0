package dev.sluice.server.flink;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The table of Flink REST endpoints the client uses: each declared once with its method, path
 * template (":name" segments are filled in order) and the Java types of its request and response
 * bodies ({@code Void} for none).
 *
 * @param jarScoped Flink's jar handlers answer an unknown jar id with 400/500 "... does not exist"
 *     instead of 404; for these endpoints that answer is reported as not-found too
 */
record FlinkEndpoint<B, R>(
        String method,
        String pathTemplate,
        Class<B> requestType,
        Class<R> responseType,
        boolean jarScoped) {

    /** Pinned, rather than Flink's unversioned "latest", so a future v2 cannot change shapes. */
    static final String VERSION_PREFIX = "/v1";

    static final FlinkEndpoint<Void, ClusterOverview> CLUSTER_OVERVIEW =
            get("/overview", ClusterOverview.class);
    static final FlinkEndpoint<Void, FlinkWire.JobsOverviewBody> JOBS_OVERVIEW =
            get("/jobs/overview", FlinkWire.JobsOverviewBody.class);
    static final FlinkEndpoint<Void, JobDetail> JOB_DETAIL = get("/jobs/:jobid", JobDetail.class);
    static final FlinkEndpoint<Void, Void> JOB_CANCEL =
            new FlinkEndpoint<>("PATCH", "/jobs/:jobid?mode=cancel", Void.class, Void.class, false);
    static final FlinkEndpoint<Void, FlinkWire.CheckpointsBody> CHECKPOINTS =
            get("/jobs/:jobid/checkpoints", FlinkWire.CheckpointsBody.class);
    static final FlinkEndpoint<Void, FlinkWire.ExceptionsBody> EXCEPTIONS =
            get("/jobs/:jobid/exceptions", FlinkWire.ExceptionsBody.class);

    /** Multipart upload; the request "type" is the local file the body is streamed from. */
    static final FlinkEndpoint<Path, FlinkWire.JarUploadResponse> JAR_UPLOAD =
            new FlinkEndpoint<>(
                    "POST", "/jars/upload", Path.class, FlinkWire.JarUploadResponse.class, false);

    static final FlinkEndpoint<Void, Void> JAR_DELETE =
            new FlinkEndpoint<>("DELETE", "/jars/:jarid", Void.class, Void.class, true);
    static final FlinkEndpoint<JarRunRequest, FlinkWire.JarRunResponse> JAR_RUN =
            new FlinkEndpoint<>(
                    "POST",
                    "/jars/:jarid/run",
                    JarRunRequest.class,
                    FlinkWire.JarRunResponse.class,
                    true);

    static final FlinkEndpoint<FlinkWire.SavepointTriggerBody, FlinkWire.TriggerResponse>
            SAVEPOINT_TRIGGER =
                    post(
                            "/jobs/:jobid/savepoints",
                            FlinkWire.SavepointTriggerBody.class,
                            FlinkWire.TriggerResponse.class);
    static final FlinkEndpoint<FlinkWire.StopWithSavepointBody, FlinkWire.TriggerResponse>
            STOP_WITH_SAVEPOINT =
                    post(
                            "/jobs/:jobid/stop",
                            FlinkWire.StopWithSavepointBody.class,
                            FlinkWire.TriggerResponse.class);
    static final FlinkEndpoint<Void, FlinkWire.AsyncOperationBody> SAVEPOINT_STATUS =
            get("/jobs/:jobid/savepoints/:triggerid", FlinkWire.AsyncOperationBody.class);
    static final FlinkEndpoint<FlinkWire.SavepointDisposalBody, FlinkWire.TriggerResponse>
            SAVEPOINT_DISPOSAL =
                    post(
                            "/savepoint-disposal",
                            FlinkWire.SavepointDisposalBody.class,
                            FlinkWire.TriggerResponse.class);
    static final FlinkEndpoint<Void, FlinkWire.AsyncOperationBody> SAVEPOINT_DISPOSAL_STATUS =
            get("/savepoint-disposal/:triggerid", FlinkWire.AsyncOperationBody.class);

    private static <R> FlinkEndpoint<Void, R> get(String path, Class<R> responseType) {
        return new FlinkEndpoint<>("GET", path, Void.class, responseType, false);
    }

    private static <B, R> FlinkEndpoint<B, R> post(
            String path, Class<B> requestType, Class<R> responseType) {
        return new FlinkEndpoint<>("POST", path, requestType, responseType, false);
    }

    /**
     * The versioned path with each ":name" segment replaced, in order, by the percent-encoded
     * argument; encoding keeps a caller-supplied id from reaching another endpoint.
     */
    String path(String... params) {
        int query = pathTemplate.indexOf('?');
        String pathPart = query < 0 ? pathTemplate : pathTemplate.substring(0, query);
        String queryPart = query < 0 ? "" : pathTemplate.substring(query);
        StringBuilder out = new StringBuilder(VERSION_PREFIX);
        int next = 0;
        for (String segment : pathPart.substring(1).split("/")) {
            out.append('/');
            if (segment.startsWith(":")) {
                if (next >= params.length
                        || params[next] == null
                        || params[next].isEmpty()
                        || params[next].equals(".")
                        || params[next].equals("..")) {
                    throw new IllegalArgumentException(
                            "missing or invalid " + segment.substring(1) + " for " + pathTemplate);
                }
                out.append(encodeSegment(params[next++]));
            } else {
                out.append(segment);
            }
        }
        if (next != params.length) {
            throw new IllegalArgumentException("too many parameters for " + pathTemplate);
        }
        return out.append(queryPart).toString();
    }

    /** RFC 3986 unreserved characters pass; everything else is percent-encoded as UTF-8. */
    private static String encodeSegment(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
