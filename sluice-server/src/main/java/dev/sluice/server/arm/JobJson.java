package dev.sluice.server.arm;

import dev.sluice.server.common.ArmId;
import dev.sluice.server.job.Job;
import dev.sluice.server.job.JobViews;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON of the jobs list, each job rendered once per version of its row and its bytes reused:
 * writing ~1 KB of JSON per job was most of a list request's CPU. Also computes strong ETags.
 */
final class JobJson {

    /** Past this many cached jobs the cache starts over, so deleted jobs do not pile up. */
    private static final int MAX_ENTRIES = 20_000;

    private static final byte[] LIST_START = "{\"value\":[".getBytes(StandardCharsets.UTF_8);

    private final JsonMapper json;
    private final Map<Long, Rendered> rendered = new ConcurrentHashMap<>();

    JobJson(JsonMapper json) {
        this.json = json;
    }

    /** One job's JSON with its digest; valid while the row (the whole record) is the same. */
    private record Rendered(String clusterPath, Job job, byte[] bytes, byte[] digest) {}

    /** A rendered body and its strong ETag (quoted). */
    record Body(byte[] bytes, String etag) {}

    /**
     * The list page {"value":[...],"nextLink":...} of {@code jobs}, as ClusterJobList writes it.
     */
    Body list(ArmId cluster, List<Job> jobs, @Nullable String nextLink) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 + jobs.size() * 1100);
        MessageDigest etag = sha256();
        out.writeBytes(LIST_START);
        for (int i = 0; i < jobs.size(); i++) {
            Rendered job = rendered(cluster, jobs.get(i));
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(job.bytes());
            etag.update(job.digest());
        }
        out.write(']');
        if (nextLink != null) {
            byte[] link = json.writeValueAsBytes(nextLink);
            out.writeBytes(",\"nextLink\":".getBytes(StandardCharsets.UTF_8));
            out.writeBytes(link);
            etag.update(link);
        }
        out.write('}');
        etag.update((byte) jobs.size());
        return new Body(out.toByteArray(), quoted(etag.digest()));
    }

    /** Any other body, with the ETag of its bytes. */
    Body of(Object value) {
        byte[] bytes = json.writeValueAsBytes(value);
        return new Body(bytes, quoted(sha256().digest(bytes)));
    }

    private Rendered rendered(ArmId cluster, Job job) {
        String path = cluster.clusterPath();
        Rendered known = rendered.get(job.id());
        if (known != null && known.job().equals(job) && known.clusterPath().equals(path)) {
            return known;
        }
        byte[] bytes = json.writeValueAsBytes(JobViews.clusterJob(cluster, job));
        Rendered fresh = new Rendered(path, job, bytes, sha256().digest(bytes));
        if (rendered.size() >= MAX_ENTRIES) {
            rendered.clear();
        }
        rendered.put(job.id(), fresh);
        return fresh;
    }

    /** Whether an If-None-Match header names {@code etag} (weak comparison, as RFC 9110 asks). */
    static boolean matches(@Nullable String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    private static String quoted(byte[] digest) {
        return "\""
                + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 18))
                + "\"";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
