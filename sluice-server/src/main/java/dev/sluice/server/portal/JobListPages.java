package dev.sluice.server.portal;

import dev.sluice.server.cluster.ClusterDefinition;
import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.cluster.ClusterRegistry;
import dev.sluice.server.common.ApiException;
import dev.sluice.server.deploy.DeploymentTarget;
import dev.sluice.server.deploy.DeploymentTargets;
import dev.sluice.server.job.JobQueries;
import dev.sluice.server.job.JobService;
import dev.sluice.server.lifecycle.ClusterService;
import dev.sluice.server.security.Role;
import dev.sluice.server.storage.JarFiles;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A cluster's Flink Jobs (the seeds' "Flink Cluster → Settings → Flink Jobs"): the list, which
 * refreshes itself while something is in progress, and the New job form with its jar picker and
 * upload.
 */
@Controller
class JobListPages {

    private final ClusterService clusters;
    private final ClusterRegistry registry;
    private final JobQueries queries;
    private final JobService service;
    private final PortalAccess access;
    private final long maxJarBytes;
    private final DeploymentTargets targets;

    JobListPages(
            ClusterService clusters,
            ClusterRegistry registry,
            JobQueries queries,
            JobService service,
            PortalAccess access,
            DeploymentTargets targets,
            @Value("${sluice.storage.max-jar-bytes:268435456}") long maxJarBytes) {
        this.targets = targets;
        this.clusters = clusters;
        this.registry = registry;
        this.queries = queries;
        this.service = service;
        this.access = access;
        this.maxJarBytes = maxJarBytes;
    }

    @GetMapping(ClusterPages.CLUSTER)
    String cluster(
            @PathVariable String sub,
            @PathVariable String rg,
            @PathVariable String pool,
            @PathVariable String cluster) {
        return "redirect:" + ResourcePath.cluster(sub, rg, pool, cluster).jobsUrl();
    }

    @GetMapping(ClusterPages.CLUSTER + "/jobs")
    String jobs(
            @PathVariable String sub,
            @PathVariable String rg,
            @PathVariable String pool,
            @PathVariable String cluster,
            Principal principal,
            Model model) {
        ResourcePath path = ResourcePath.cluster(sub, rg, pool, cluster);
        access.require(principal, Role.Reader, path.armPath());
        model.addAttribute("cluster", ClusterRow.of(clusters.get(path.clusterId())));
        model.addAttribute("historyServer", historyServer(path));
        model.addAttribute("canManage", access.allows(principal, Role.Owner, path.armPath()));
        jobTable(path, principal, model);
        return "portal/jobs";
    }

    /** The jobs table alone, which the list polls while an action is in progress. */
    @GetMapping(ClusterPages.CLUSTER + "/jobs-table")
    String jobsTable(
            @PathVariable String sub,
            @PathVariable String rg,
            @PathVariable String pool,
            @PathVariable String cluster,
            Principal principal,
            Model model) {
        ResourcePath path = ResourcePath.cluster(sub, rg, pool, cluster);
        access.require(principal, Role.Reader, path.armPath());
        jobTable(path, principal, model);
        return "portal/jobs :: jobs";
    }

    /** The New job form; its parameters refill it (the no-script "List jars" sends them). */
    @GetMapping(ClusterPages.CLUSTER + "/new-job")
    String newJob(
            @PathVariable String sub,
            @PathVariable String rg,
            @PathVariable String pool,
            @PathVariable String cluster,
            @ModelAttribute JobForm form,
            Principal principal,
            Model model) {
        ResourcePath path = ResourcePath.cluster(sub, rg, pool, cluster);
        access.require(principal, Role.Contributor, path.armPath());
        return form(path, form, FormErrors.NONE, null, model);
    }

    /** The jar picker alone, for another directory. */
    @GetMapping(ClusterPages.CLUSTER + "/jars")
    String jars(
            @PathVariable String sub,
            @PathVariable String rg,
            @PathVariable String pool,
            @PathVariable String cluster,
            @ModelAttribute JobForm form,
            Principal principal,
            Model model) {
        ResourcePath path = ResourcePath.cluster(sub, rg, pool, cluster);
        access.require(principal, Role.Contributor, path.armPath());
        ClusterRecord record = registry.find(path.clusterId());
        jarChoice(record, form, FormErrors.NONE, model);
        model.addAttribute("form", form);
        model.addAttribute("jarsOnly", true);
        return "portal/job-form :: jars";
    }

    @PostMapping(ClusterPages.CLUSTER + "/jobs")
    String create(
            @PathVariable String sub,
            @PathVariable String rg,
            @PathVariable String pool,
            @PathVariable String cluster,
            @ModelAttribute JobForm form,
            @RequestParam(required = false) MultipartFile jarFile,
            Principal principal,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        ResourcePath path = ResourcePath.cluster(sub, rg, pool, cluster);
        access.require(principal, Role.Contributor, path.armPath());
        ClusterRecord record = registry.find(path.clusterId());
        JobForm submitted = form;
        String uploaded = null;
        try {
            if (jarFile != null && !jarFile.isEmpty()) {
                String name = plainName(jarFile.getOriginalFilename());
                store(record, form.jobJarDirectory(), name, jarFile);
                // Kept whatever happens next: a refused form then offers the uploaded jar.
                submitted = form.withJarName(name);
                uploaded = name;
            }
            if (submitted.jarName().isEmpty()) {
                throw ApiException.badRequest(
                        "InvalidRequestContent",
                        "Choose a jar of the directory, or upload one",
                        JarFiles.NAME_FIELD);
            }
            service.runJob(
                    path.clusterId(), submitted.toProperties(), PortalAdvice.name(principal));
            redirect.addFlashAttribute(
                    "notice", "Submitted job " + submitted.jobName() + "; NEW is in progress");
            return "redirect:" + path.jobsUrl();
        } catch (ApiException e) {
            response.setStatus(e.status());
            String note =
                    uploaded == null
                            ? null
                            : "Uploaded " + uploaded + " to " + form.jobJarDirectory() + ".";
            return form(path, submitted, FormErrors.of(e, JobForm.FIELDS), note, model);
        }
    }

    private void store(ClusterRecord record, String directory, String name, MultipartFile file) {
        try (InputStream body = file.getInputStream()) {
            JarFiles.storeJar(registry.roots(record), directory, name, body, maxJarBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uploaded jar " + name, e);
        }
    }

    private void jobTable(ResourcePath path, Principal principal, Model model) {
        model.addAttribute("canRun", access.allows(principal, Role.Contributor, path.armPath()));
        JobQueries.Page page = queries.list(path.clusterId(), null, null, JobQueries.MAX_PAGE);
        List<JobRow> rows = page.jobs().stream().map(JobRow::of).toList();
        model.addAttribute("path", path);
        model.addAttribute("jobs", rows);
        model.addAttribute("more", page.continueAfter() != null);
        model.addAttribute("polling", JobRow.anyChanging(rows));
    }

    private String form(
            ResourcePath path, JobForm form, FormErrors errors, String note, Model model) {
        ClusterRecord record = registry.find(path.clusterId());
        model.addAttribute("path", path);
        model.addAttribute("cluster", ClusterRow.of(clusters.get(path.clusterId())));
        model.addAttribute("form", form);
        model.addAttribute("note", note);
        model.addAttribute(
                "savepointPlaceholder", JobService.defaultPath(record, "savepoints", "<job name>"));
        model.addAttribute("storageRoot", record.storageUri());
        jarChoice(record, form, errors, model);
        return "portal/job-form";
    }

    /** The jars of the form's directory; a directory outside storage is shown at its field. */
    private void jarChoice(ClusterRecord record, JobForm form, FormErrors errors, Model model) {
        JarListing listing;
        try {
            listing = JarListing.of(registry.roots(record), form.jobJarDirectory());
        } catch (ApiException e) {
            listing = new JarListing(form.jobJarDirectory(), null, List.of());
            if (!errors.any()) {
                errors = FormErrors.of(e, JobForm.FIELDS);
            }
        }
        model.addAttribute("listing", listing);
        model.addAttribute("errors", errors);
    }

    /** Browsers send a bare name; an old one sent the client's path, which is no concern here. */
    static String plainName(String original) {
        if (original == null) {
            return "";
        }
        String name =
                original.substring(
                        Math.max(original.lastIndexOf('/'), original.lastIndexOf('\\')) + 1);
        return name.strip();
    }

    /** The web UI of the cluster's HistoryServer while one runs, else null. */
    private String historyServer(ResourcePath path) {
        ClusterRecord record = registry.find(path.clusterId());
        if (record.external()) {
            return null;
        }
        URI url =
                targets.get(ClusterDefinition.target(record))
                        .endpoints(ClusterRegistry.deploymentId(record.id(), record.name()))
                        .get(DeploymentTarget.HISTORY_SERVER);
        return url == null ? null : url.toString();
    }
}
