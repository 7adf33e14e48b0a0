package dev.sluice.server.job;

import dev.sluice.server.cluster.ClusterRegistry;
import dev.sluice.server.common.ApiException;
import dev.sluice.server.common.ArmId;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/** The read side of the job API: lists with $filter and paging, one job, one action. */
@Service
public class JobQueries {

    public static final int MAX_PAGE = 1000;
    private static final Pattern FILTER =
            Pattern.compile(
                    "\\s*(jobName|jarName)\\s+eq\\s+(?:'([^']*)'|\"([^\"]*)\"|(\\S+))\\s*",
                    Pattern.CASE_INSENSITIVE);

    private final JobStore jobs;
    private final ActionStore actions;
    private final ClusterRegistry clusters;
    private final AlertOutbox alerts;

    JobQueries(JobStore jobs, ActionStore actions, ClusterRegistry clusters, AlertOutbox alerts) {
        this.jobs = jobs;
        this.actions = actions;
        this.clusters = clusters;
        this.alerts = alerts;
    }

    /** A page of jobs and the name to continue after, null on the last page. */
    public record Page(List<Job> jobs, String continueAfter) {}

    /**
     * Jobs of a cluster ordered by name.
     *
     * @param filter OData-style {@code jobName eq 'x'} or {@code jarName eq 'x'}, or null
     * @param after the last name of the previous page, or null
     */
    public Page list(ArmId clusterId, String filter, String after, int top) {
        clusters.find(clusterId);
        String jobName = null;
        String jarName = null;
        if (filter != null && !filter.isBlank()) {
            Matcher m = FILTER.matcher(filter);
            if (!m.matches()) {
                throw ApiException.badRequest(
                        "InvalidFilter",
                        "Unsupported $filter '"
                                + filter
                                + "'; use jobName eq 'name' or jarName eq 'file.jar'",
                        "$filter");
            }
            String value =
                    m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4);
            if (m.group(1).equalsIgnoreCase("jobName")) {
                jobName = value;
            } else {
                jarName = value;
            }
        }
        if (top < 1 || top > MAX_PAGE) {
            throw ApiException.badRequest(
                    "InvalidParameter", "$top must be between 1 and " + MAX_PAGE, "$top");
        }
        List<Job> page = jobs.list(clusterId.clusterKey(), jobName, jarName, after, top + 1);
        if (page.size() > top) {
            List<Job> shown = page.subList(0, top);
            return new Page(shown, shown.get(top - 1).name());
        }
        return new Page(page, null);
    }

    public Job get(ArmId clusterId, String name) {
        clusters.find(clusterId);
        return jobs.find(clusterId.clusterKey(), name)
                .orElseThrow(
                        () ->
                                ApiException.notFound(
                                        "JobNotFound",
                                        "No job named '"
                                                + name
                                                + "' in cluster '"
                                                + clusterId.cluster()
                                                + "'"));
    }

    public List<JobAction> history(Job job, int limit) {
        return actions.listForJob(job.id(), limit);
    }

    /** Where the job's alerts go: its own webhook, else its cluster's. */
    public Optional<AlertOutbox.Webhook> webhook(Job job) {
        return alerts.webhookOf(job);
    }

    /** The latest attempted delivery of the job's webhook alerts. */
    public Optional<AlertEvent> lastAlertDelivery(Job job) {
        return alerts.lastDelivery(job.id());
    }

    /** An action of this cluster, for operation polling. */
    public JobAction action(ArmId clusterId, String actionId) {
        return actions.find(actionId)
                .filter(a -> a.clusterId().equals(clusterId.clusterKey()))
                .orElseThrow(
                        () ->
                                ApiException.notFound(
                                        "OperationNotFound",
                                        "No operation '" + actionId + "' in this cluster"));
    }

    /** The job an action belongs to, if it still exists (DELETE removes it). */
    public java.util.Optional<Job> jobOf(JobAction action) {
        return jobs.findById(action.jobId());
    }
}
