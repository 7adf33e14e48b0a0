package dev.sluice.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Flink's REST API called directly: the raw Flink side, and what Flink itself reports. */
final class FlinkRest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> ENDED = List.of("FINISHED", "CANCELED", "FAILED");

    private final String base;
    private final HttpClient http;

    FlinkRest(String restUrl, HttpClient http) {
        this.base = restUrl.replaceAll("/+$", "") + "/v1";
        this.http = http;
    }

    /** Uploads a jar; returns the jar id the run endpoint takes. */
    String uploadJar(Path jar) {
        String boundary = "bench-" + System.nanoTime();
        byte[] head =
                ("--"
                                + boundary
                                + "\r\nContent-Disposition: form-data; name=\"jarfile\";"
                                + " filename=\"counter.jar\"\r\n"
                                + "Content-Type: application/x-java-archive\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body;
        try {
            byte[] jarBytes = Files.readAllBytes(jar);
            body = new byte[head.length + jarBytes.length + tail.length];
            System.arraycopy(head, 0, body, 0, head.length);
            System.arraycopy(jarBytes, 0, body, head.length, jarBytes.length);
            System.arraycopy(tail, 0, body, head.length + jarBytes.length, tail.length);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + jar, e);
        }
        JsonNode answer =
                send(
                        HttpRequest.newBuilder(URI.create(base + "/jars/upload"))
                                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body)),
                        200);
        String filename = answer.path("filename").asString();
        return filename.substring(filename.lastIndexOf('/') + 1);
    }

    /** Runs an uploaded jar; returns the new Flink job id. */
    String run(String jarId, CounterSpec job, String savepointPath) {
        ObjectNode body = JSON.createObjectNode();
        body.put("entryClass", Repo.ENTRY_CLASS);
        body.set("programArgsList", JSON.valueToTree(job.argList()));
        body.put("parallelism", job.parallelism());
        if (savepointPath != null) {
            body.put("savepointPath", savepointPath);
        }
        body.set("flinkConfiguration", JSON.valueToTree(job.rawFlinkConfiguration()));
        return post("/jars/" + jarId + "/run", body).path("jobid").asString();
    }

    void deleteJar(String jarId) {
        send(HttpRequest.newBuilder(URI.create(base + "/jars/" + jarId)).DELETE(), 200);
    }

    JsonNode job(String jobId) {
        return send(HttpRequest.newBuilder(URI.create(base + "/jobs/" + jobId)).GET(), 200);
    }

    /**
     * The job's entry in GET /jobs/overview, or a missing node. The Dispatcher answers this call
     * live, unlike GET /jobs/:id, which Flink serves from its ExecutionGraphCache for {@code
     * web.refresh-interval} (3 s by default) after each fetch.
     */
    JsonNode overview(String jobId) {
        JsonNode jobs =
                send(HttpRequest.newBuilder(URI.create(base + "/jobs/overview")).GET(), 200)
                        .path("jobs");
        for (JsonNode job : jobs) {
            if (jobId.equals(job.path("jid").asString())) {
                return job;
            }
        }
        return JSON.missingNode();
    }

    /** RUNNING with every task RUNNING (or FINISHED): what Sluice's NEW, START, UPDATE wait for. */
    static boolean allTasksRunning(JsonNode overview) {
        JsonNode tasks = overview.path("tasks");
        int total = tasks.path("total").asInt(0);
        return "RUNNING".equals(overview.path("state").asString())
                && total > 0
                && tasks.path("running").asInt(0) + tasks.path("finished").asInt(0) == total;
    }

    /** Polls the live overview until the job and every task run. */
    void awaitAllTasksRunning(String jobId, Duration poll) {
        await(jobId, poll, FlinkRest::allTasksRunning, "all tasks RUNNING", true);
    }

    /**
     * Polls GET /jobs/:id until the job and every vertex report RUNNING, the way Sluice's action
     * engine decides (and subject to the same cache); for the diagnosis of figure 1.
     */
    void awaitAllVerticesRunningInDetail(String jobId, Duration poll) {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode job = job(jobId);
            boolean vertices = true;
            for (JsonNode vertex : job.path("vertices")) {
                String status = vertex.path("status").asString();
                vertices &= status.equals("RUNNING") || status.equals("FINISHED");
            }
            if ("RUNNING".equals(job.path("state").asString()) && vertices) {
                return;
            }
            Pause.of(poll);
        }
        throw new IllegalStateException("Flink job " + jobId + " not RUNNING in time");
    }

    /** Polls the live overview until Flink reports the job FINISHED, CANCELED or FAILED. */
    JsonNode awaitEnded(String jobId, Duration poll) {
        return await(
                jobId, poll, job -> ENDED.contains(job.path("state").asString()), "ended", false);
    }

    void cancel(String jobId) {
        send(
                HttpRequest.newBuilder(URI.create(base + "/jobs/" + jobId + "?mode=cancel"))
                        .method("PATCH", HttpRequest.BodyPublishers.noBody()),
                202);
    }

    /** Stop with savepoint (no drain); returns the trigger id. */
    String stopWithSavepoint(String jobId, String targetDirectory) {
        ObjectNode body = JSON.createObjectNode();
        body.put("targetDirectory", targetDirectory);
        body.put("drain", false);
        return post("/jobs/" + jobId + "/stop", body).path("request-id").asString();
    }

    /** Polls a savepoint operation until it completed; returns the savepoint's location. */
    String awaitSavepoint(String jobId, String triggerId, Duration poll) {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status =
                    send(
                            HttpRequest.newBuilder(
                                            URI.create(
                                                    base
                                                            + "/jobs/"
                                                            + jobId
                                                            + "/savepoints/"
                                                            + triggerId))
                                    .GET(),
                            200);
            if ("COMPLETED".equals(status.path("status").path("id").asString())) {
                JsonNode operation = status.path("operation");
                if (operation.has("failure-cause")) {
                    throw new IllegalStateException("Savepoint failed: " + operation);
                }
                return operation.path("location").asString();
            }
            Pause.of(poll);
        }
        throw new IllegalStateException("Savepoint of " + jobId + " did not complete");
    }

    /**
     * Polls the job until the condition holds on its overview entry; returns that entry. A job not
     * listed yet counts as not there yet (a run's answer can precede its listing).
     */
    private JsonNode await(
            String jobId,
            Duration poll,
            Predicate<JsonNode> condition,
            String what,
            boolean endingFails) {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode job = overview(jobId);
            if (!job.isMissingNode() && condition.test(job)) {
                return job;
            }
            // A job that ended will never get there: fail now rather than at the deadline.
            if (endingFails && ENDED.contains(job.path("state").asString())) {
                throw new IllegalStateException(
                        "Flink job " + jobId + " is " + job.path("state").asString());
            }
            Pause.of(poll);
        }
        throw new IllegalStateException("Flink job " + jobId + " not " + what + " in time");
    }

    private JsonNode post(String path, JsonNode body) {
        return send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))),
                200,
                202);
    }

    private JsonNode send(HttpRequest.Builder request, int... expected) {
        try {
            HttpResponse<String> response =
                    http.send(
                            request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            for (int status : expected) {
                if (response.statusCode() == status) {
                    String body = response.body();
                    return body == null || body.isBlank()
                            ? JSON.missingNode()
                            : JSON.readTree(body);
                }
            }
            throw new IllegalStateException(
                    "Flink answered " + response.statusCode() + ": " + response.body());
        } catch (IOException e) {
            throw new IllegalStateException("Flink did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
