package dev.sluice.server.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.job.AlertOutbox;
import dev.sluice.server.job.Job;
import dev.sluice.server.job.JobSpec;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobPoliciesTest {

    private static Job job(Map<String, String> keys) {
        return Job.create(
                "cluster",
                "counter",
                new JobSpec("file:/jars", "counter.jar", "Main", null, keys),
                null,
                Instant.EPOCH);
    }

    @Test
    void aJobWithoutKeysHasTheDefaultRetentionOnly() {
        assertThat(JobPolicies.inForce(job(Map.of()), Optional.empty()))
                .containsExactly(
                        Map.entry("savepointRetention", "at most 10 (periodic and manual)"),
                        Map.entry("disposeOnDelete", "false"));
    }

    @Test
    void namesEachPolicyItsKeysAskForAndNeverTheSecret() {
        Map<String, String> shown =
                JobPolicies.inForce(
                        job(
                                Map.of(
                                        "sluice.savepoint.interval", "30m",
                                        "sluice.savepoint.retention.count", "3",
                                        "sluice.savepoint.retention.age", "7d",
                                        "sluice.restart.on-failure", "true",
                                        "sluice.alerts.webhook.url", "https://hooks.example/x",
                                        "sluice.alerts.webhook.secret", "s3cret")),
                        Optional.of(
                                new AlertOutbox.Webhook(
                                        "https://hooks.example/x", "s3cret", false)));

        assertThat(shown.get("periodicSavepoints")).isEqualTo("every PT30M");
        assertThat(shown.get("savepointRetention"))
                .isEqualTo("at most 3, none older than PT168H (periodic and manual)");
        assertThat(shown.get("restartOnFailure")).startsWith("at most 5 in PT1H, the first PT10S");
        assertThat(shown.get("alerts")).isEqualTo("https://hooks.example/x (signed)");
        assertThat(shown.values()).noneMatch(v -> v.contains("s3cret"));
        assertThat(shown).doesNotContainKey("ignored");
    }

    @Test
    void aValueThatDoesNotParseIsNamedAsIgnored() {
        Map<String, String> shown =
                JobPolicies.inForce(
                        job(Map.of("sluice.savepoint.interval", "soon")), Optional.empty());

        assertThat(shown).doesNotContainKey("periodicSavepoints");
        assertThat(shown.get("ignored")).contains("sluice.savepoint.interval 'soon'");
    }

    @Test
    void aClustersWebhookIsNamedAsTheClusters() {
        Map<String, String> shown =
                JobPolicies.inForce(
                        job(Map.of()),
                        Optional.of(
                                new AlertOutbox.Webhook("https://hooks.example/c", null, true)));

        assertThat(shown.get("alerts"))
                .isEqualTo("https://hooks.example/c (unsigned), the cluster's webhook");
    }
}
