package dev.sluice.server.portal;

import dev.sluice.api.FlinkJobProperties;
import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.cluster.ClusterRegistry;
import dev.sluice.server.common.ApiException;
import dev.sluice.server.job.Job;
import dev.sluice.server.job.JobQueries;
import dev.sluice.server.job.JobSavepoints;
import dev.sluice.server.job.JobService;
import dev.sluice.server.job.JobViews;
import dev.sluice.server.policy.JobPolicies;
import dev.sluice.server.savepoint.SavepointCatalog;
import dev.sluice.server.security.Role;
import dev.sluice.server.storage.StorageLocation;
import dev.sluice.server.storage.StorageRoots;
import jakarta.servlet.http.HttpServletResponse;
import java.io.UncheckedIOException;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * One job: its details (the seed's "View Job details": JSON, last action with its failure, history,
 * savepoints) and its actions, each asked for directly, through its form (Start, Update, Stateless
 * update) or after a confirmation (Cancel, Delete, Stateless update).
 */
@Controller
class JobPages {

    static final String JOB = ClusterPages.CLUSTER + "/jobs/{job}";
    private static final int HISTORY = 50;
    private static final Map<String, String> ACTION_FIELDS =
            Map.of("savePointName", "savePointName", "args", "args");

    private final ClusterRegistry registry;
    private final JobQueries queries;
    private final JobService service;
    private final JsonMapper json;
    private final PortalAccess access;
    private final JobSavepoints savepointHistory;

    JobPages(
            ClusterRegistry registry,
            JobQueries queries,
            JobService service,
            JsonMapper json,
            PortalAccess access,
            JobSavepoints history) {
        this.savepointHistory = history;
        this.registry = registry;
        this.queries = queries;
        this.service = service;
        this.json = json;
        this.access = access;
    }

    @GetMapping(JOB)
    String job(
            @PathVariable String sub,
            @PathVariable String rg,
            @PathVariable String pool,
            @PathVariable String cluster,
            @PathVariable String job,
            Principal principal,
            Model model) {
        detail(ResourcePath.cluster(sub, rg, pool, cluster), job, principal, model);
        return "portal/job";
    }

    /** The job's details alone, which its page polls while an action is in progress. */
    @GetMapping(JOB + "/detail")
    String jobDetail(
            @PathVariable String sub,
            @PathVariable String rg,
            @PathVariable String pool,
            @PathVariable String cluster,
            @PathVariable String job,
            Principal principal,
            Model model) {
        detail(ResourcePath.cluster(sub, rg, pool, cluster), job, principal, model);
        return "portal/job :: detail";
    }

    /** The page of an action: its form, or the confirmation it needs. */
    @GetMapping(JOB + "/actions/{action}")
    String actionPage(
            @PathVariable String sub,
            @PathVariable String rg,
            @PathVariable String pool,
            @PathVariable String cluster,
            @PathVariable String job,
            @PathVariable String action,
            @RequestParam(defaultValue = "detail") String from,
            Principal principal,
            Model model) {
        ResourcePath path = ResourcePath.cluster(sub, rg, pool, cluster);
        access.require(principal, Role.Contributor, path.armPath());
        Job found = queries.get(path.clusterId(), job);
        return actionForm(
                path,
                found,
                PortalAction.ofSlug(action),
                from,
                found.spec().args(),
                null,
                FormErrors.NONE,
                model);
    }

    @PostMapping(JOB + "/actions/{action}")
    String run(
            @PathVariable String sub,
            @PathVariable String rg,
            @PathVariable String pool,
            @PathVariable String cluster,
            @PathVariable String job,
            @PathVariable String action,
            @RequestParam(required = false) String args,
            @RequestParam(required = false) String savePointName,
            @RequestParam(defaultValue = "detail") String from,
            @RequestParam(required = false) String confirm,
            Principal principal,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        ResourcePath path = ResourcePath.cluster(sub, rg, pool, cluster);
        access.require(principal, Role.Contributor, path.armPath());
        PortalAction chosen = PortalAction.ofSlug(action);
        String back = "list".equals(from) ? path.jobsUrl() : path.jobUrl(job);
        if (chosen.needsConfirmation() && !"yes".equals(confirm)) {
            // Only the confirmation page sends confirm=yes: anything else is shown that page.
            return "redirect:" + path.jobUrl(job) + "/actions/" + chosen.slug() + "?from=" + from;
        }
        FlinkJobProperties request =
                new FlinkJobProperties(
                        JobViews.JOB_TYPE,
                        job,
                        chosen.type().name(),
                        null,
                        null,
                        null,
                        chosen.takesArgs() ? blankToNull(args) : null,
                        blankToNull(savePointName),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null);
        try {
            service.runJob(path.clusterId(), request, PortalAdvice.name(principal));
        } catch (ApiException e) {
            if (chosen.direct()) {
                redirect.addFlashAttribute("problem", chosen.label() + ": " + e.getMessage());
                return "redirect:" + back;
            }
            response.setStatus(e.status());
            Job found = queries.get(path.clusterId(), job);
            return actionForm(
                    path,
                    found,
                    chosen,
                    from,
                    args,
                    savePointName,
                    FormErrors.of(e, ACTION_FIELDS),
                    model);
        }
        redirect.addFlashAttribute("notice", chosen.label() + " of job " + job + " is in progress");
        return "redirect:" + (chosen == PortalAction.DELETE ? path.jobsUrl() : back);
    }

    private String actionForm(
            ResourcePath path,
            Job job,
            PortalAction action,
            String from,
            String args,
            String savePointName,
            FormErrors errors,
            Model model) {
        JobRow row = JobRow.of(job);
        model.addAttribute("path", path);
        model.addAttribute("job", row);
        model.addAttribute("action", action);
        model.addAttribute("from", "list".equals(from) ? "list" : "detail");
        model.addAttribute("args", args);
        model.addAttribute("allowed", row.actions().contains(action));
        model.addAttribute("errors", errors);
        List<SavepointChoice> savepoints = List.of();
        if (action.picksSavepoint(job.run().status())) {
            savepoints = savepoints(job, model);
            if (savePointName != null) {
                // A refused form keeps the user's pick rather than the default.
                savepoints =
                        savepoints.stream()
                                .map(s -> s.withSelected(s.value().equals(savePointName)))
                                .toList();
            }
        }
        model.addAttribute("savepoints", savepoints);
        model.addAttribute("picksSavepoint", action.picksSavepoint(job.run().status()));
        return "portal/action";
    }

    private void detail(ResourcePath path, String name, Principal principal, Model model) {
        access.require(principal, Role.Reader, path.armPath() + "/jobs/" + name);
        model.addAttribute("canRun", access.allows(principal, Role.Contributor, path.armPath()));
        Job job = queries.get(path.clusterId(), name);
        List<ActionRow> history =
                queries.history(job, HISTORY).stream().map(ActionRow::of).toList();
        JobRow row = JobRow.of(job);
        model.addAttribute("path", path);
        model.addAttribute("job", row);
        model.addAttribute("history", history);
        model.addAttribute("lastAction", history.isEmpty() ? null : history.get(0));
        model.addAttribute(
                "jobJson",
                json.writerWithDefaultPrettyPrinter()
                        .writeValueAsString(JobViews.clusterJob(path.clusterId(), job)));
        model.addAttribute("savepoints", savepoints(job, model));
        model.addAttribute(
                "savepointHistory",
                savepointHistory.list(registry.findByKey(job.clusterId()), job).stream()
                        .map(SavepointHistoryRow::of)
                        .toList());
        model.addAttribute("policies", JobPolicies.inForce(job, queries.webhook(job)));
        model.addAttribute("polling", row.changing());
    }

    /** The job's savepoints, newest first; a directory that cannot be read is said so. */
    private List<SavepointChoice> savepoints(Job job, Model model) {
        String directory = job.spec().flinkConfiguration().get(JobService.SAVEPOINT_DIRECTORY);
        model.addAttribute("savepointDirectory", directory);
        if (directory == null) {
            return SavepointChoice.of(List.of(), job.restorePoints().savepoint());
        }
        try {
            ClusterRecord cluster = registry.findByKey(job.clusterId());
            StorageRoots roots = registry.roots(cluster);
            StorageLocation path = roots.resolve(directory, JobService.SAVEPOINT_DIRECTORY);
            return SavepointChoice.of(
                    SavepointCatalog.list(roots.storage(), path), job.restorePoints().savepoint());
        } catch (ApiException | UncheckedIOException e) {
            model.addAttribute("savepointProblem", e.getMessage());
            return SavepointChoice.of(List.of(), job.restorePoints().savepoint());
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
