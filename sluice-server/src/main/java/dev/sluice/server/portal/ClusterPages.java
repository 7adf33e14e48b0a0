package dev.sluice.server.portal;

import dev.sluice.api.Cluster;
import dev.sluice.api.ClusterPool;
import dev.sluice.server.cluster.ClusterDefinition;
import dev.sluice.server.cluster.PoolService;
import dev.sluice.server.common.ApiException;
import dev.sluice.server.common.SluiceProperties;
import dev.sluice.server.deploy.DeploymentTargets;
import dev.sluice.server.lifecycle.ClusterService;
import dev.sluice.server.security.Role;
import dev.sluice.server.storage.StorageRoots;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creating a session or application-mode cluster in a pool, and deleting one after a confirmation.
 * Both go through {@link ClusterService} exactly as the API's PUT and DELETE do.
 */
@Controller
class ClusterPages {

    static final String CLUSTER = PoolPages.POOL + "/clusters/{cluster}";

    private final PoolService pools;
    private final ClusterService clusters;
    private final DeploymentTargets targets;
    private final SluiceProperties properties;
    private final JsonMapper json;
    private final PortalAccess access;

    ClusterPages(
            PoolService pools,
            ClusterService clusters,
            DeploymentTargets targets,
            SluiceProperties properties,
            JsonMapper json,
            PortalAccess access) {
        this.pools = pools;
        this.clusters = clusters;
        this.targets = targets;
        this.properties = properties;
        this.json = json;
        this.access = access;
    }

    @GetMapping(PoolPages.POOL + "/new-cluster")
    String newCluster(
            @PathVariable String sub,
            @PathVariable String rg,
            @PathVariable String pool,
            @RequestParam(defaultValue = ClusterForm.SESSION) String mode,
            Principal principal,
            Model model) {
        ResourcePath path = ResourcePath.pool(sub, rg, pool);
        access.require(principal, Role.Owner, path.armPath());
        ClusterPool found = pools.get(path.poolId());
        ClusterForm form = ClusterForm.blank(mode, found.location());
        return form(path, form, FormErrors.NONE, model);
    }

    @PostMapping(PoolPages.POOL + "/clusters")
    String create(
            @PathVariable String sub,
            @PathVariable String rg,
            @PathVariable String pool,
            @ModelAttribute ClusterForm form,
            Principal principal,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        ResourcePath poolPath = ResourcePath.pool(sub, rg, pool);
        access.require(principal, Role.Owner, poolPath.armPath());
        pools.get(poolPath.poolId());
        try {
            ResourcePath path = poolPath.inCluster(form.name());
            access.require(principal, Role.Owner, path.armPath());
            // Like the embedded default: each cluster's storage under the data directory.
            ClusterForm filled =
                    form.storageUri().isEmpty()
                            ? form.withStorageUri(defaultStorage(form.name()))
                            : form;
            // The body a client of the PUT would send, read the way the PUT reads it.
            Cluster body = json.convertValue(filled.toBody(), Cluster.class);
            ClusterService.Accepted accepted = clusters.put(path.clusterId(), body);
            redirect.addFlashAttribute(
                    "notice",
                    (accepted.created() ? "Creating " : "Updating ")
                            + form.deploymentMode().toLowerCase(Locale.ROOT)
                            + "-mode cluster "
                            + form.name());
            return "redirect:" + poolPath.poolUrl();
        } catch (ApiException e) {
            response.setStatus(e.status());
            return form(poolPath, form, FormErrors.of(e, ClusterForm.FIELDS), model);
        } catch (JacksonException e) {
            // A number too large for its field, as the PUT would refuse it.
            response.setStatus(400);
            FormErrors errors =
                    new FormErrors(Map.of(), "Invalid value: " + e.getOriginalMessage());
            return form(poolPath, form, errors, model);
        }
    }

    @GetMapping(CLUSTER + "/delete")
    String confirmDelete(
            @PathVariable String sub,
            @PathVariable String rg,
            @PathVariable String pool,
            @PathVariable String cluster,
            Principal principal,
            Model model) {
        ResourcePath path = ResourcePath.cluster(sub, rg, pool, cluster);
        access.require(principal, Role.Owner, path.armPath());
        return deletePage(path, null, model);
    }

    @PostMapping(CLUSTER + "/delete")
    String delete(
            @PathVariable String sub,
            @PathVariable String rg,
            @PathVariable String pool,
            @PathVariable String cluster,
            Principal principal,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        ResourcePath path = ResourcePath.cluster(sub, rg, pool, cluster);
        access.require(principal, Role.Owner, path.armPath());
        try {
            boolean deleting = clusters.delete(path.clusterId(), principal.getName()).isPresent();
            redirect.addFlashAttribute(
                    "notice",
                    deleting
                            ? "Deleting cluster " + cluster + "; its storage stays"
                            : "Cluster " + cluster + " was already gone");
            return "redirect:" + path.poolUrl();
        } catch (ApiException e) {
            response.setStatus(e.status());
            return deletePage(path, e.getMessage(), model);
        }
    }

    private String deletePage(ResourcePath path, String problem, Model model) {
        model.addAttribute("path", path);
        model.addAttribute("cluster", ClusterRow.of(clusters.get(path.clusterId())));
        model.addAttribute("problem", problem);
        return "portal/cluster-delete";
    }

    private String form(ResourcePath pool, ClusterForm form, FormErrors errors, Model model) {
        model.addAttribute("path", pool);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        // The versions of the target a cluster without a REST URL runs on.
        model.addAttribute(
                "flinkVersions",
                targets.get(ClusterDefinition.target(false)).flinkVersions().versions());
        model.addAttribute("upgradeModes", ClusterForm.UPGRADE_MODES);
        model.addAttribute("storageHint", defaultStorage("<cluster name>"));
        return "portal/cluster-form";
    }

    private String defaultStorage(String clusterName) {
        return StorageRoots.toUri(
                        properties.dataDir().resolve("storage").toAbsolutePath().normalize())
                + "/"
                + clusterName;
    }
}
