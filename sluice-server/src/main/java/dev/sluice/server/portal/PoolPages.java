package dev.sluice.server.portal;

import dev.sluice.api.ClusterPool;
import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.cluster.ClusterRegistry;
import dev.sluice.server.cluster.PoolService;
import dev.sluice.server.common.ApiException;
import dev.sluice.server.common.ArmId;
import dev.sluice.server.lifecycle.ClusterService;
import dev.sluice.server.security.Role;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The portal's first pages: the cluster pools, a new pool, and a pool with its clusters. */
@Controller
class PoolPages {

    static final String POOL =
            "/portal/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.HDInsight/clusterpools/{pool}";

    /** The embedded default's subscription, always listed. */
    static final String DEFAULT_SUBSCRIPTION = "local";

    private static final Map<String, String> POOL_FIELDS =
            Map.of(
                    "subscriptionId", "subscription",
                    "resourceGroupName", "resourceGroup",
                    "clusterPoolName", "name",
                    "location", "location");

    private final PoolService pools;
    private final ClusterService clusters;
    private final ClusterRegistry registry;
    private final PortalAccess access;

    PoolPages(
            PoolService pools,
            ClusterService clusters,
            ClusterRegistry registry,
            PortalAccess access) {
        this.pools = pools;
        this.clusters = clusters;
        this.registry = registry;
        this.access = access;
    }

    /** The form of a new pool, kept as typed. */
    record PoolForm(String subscription, String resourceGroup, String name, String location) {
        PoolForm {
            subscription = blankTo(subscription, DEFAULT_SUBSCRIPTION);
            resourceGroup = blankTo(resourceGroup, "default");
            name = name == null ? "" : name.strip();
            location = blankTo(location, "local");
        }
    }

    /**
     * The pools of every subscription Sluice knows of: the default one, those of its clusters and
     * the one asked for. (Pools are stored per subscription; there is no list of all.)
     */
    @GetMapping("/portal")
    String index(
            @RequestParam(required = false) String subscription, Principal principal, Model model) {
        TreeSet<String> subscriptions = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        subscriptions.add(DEFAULT_SUBSCRIPTION);
        for (ClusterRecord cluster : registry.all()) {
            subscriptions.add(cluster.poolId().split("/")[2]);
        }
        if (subscription != null && !subscription.isBlank()) {
            subscriptions.add(subscription.strip());
        }
        List<PoolRow> rows =
                subscriptions.stream()
                        .flatMap(sub -> pools.list(sub, null).stream())
                        .filter(p -> access.allows(principal, Role.Reader, armPath(p)))
                        .map(this::row)
                        .toList();
        model.addAttribute("pools", rows);
        model.addAttribute("subscription", subscription);
        return "portal/pools";
    }

    @GetMapping("/portal/pools/new")
    String newPool(Model model) {
        return poolForm(model, new PoolForm(null, null, null, null), FormErrors.NONE);
    }

    @PostMapping("/portal/pools")
    String createPool(
            @ModelAttribute PoolForm form,
            Principal principal,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        try {
            ResourcePath path =
                    ResourcePath.pool(form.subscription(), form.resourceGroup(), form.name());
            access.require(principal, Role.Owner, path.armPath());
            PoolService.Put put =
                    pools.put(
                            path.poolId(),
                            new ClusterPool(null, null, null, form.location(), null, null));
            redirect.addFlashAttribute(
                    "notice",
                    (put.created() ? "Created" : "Updated") + " cluster pool " + form.name());
            return "redirect:" + path.poolUrl();
        } catch (ApiException e) {
            response.setStatus(e.status());
            return poolForm(model, form, FormErrors.of(e, POOL_FIELDS));
        }
    }

    @GetMapping(POOL)
    String pool(
            @PathVariable String sub,
            @PathVariable String rg,
            @PathVariable String pool,
            Principal principal,
            Model model) {
        ResourcePath path = ResourcePath.pool(sub, rg, pool);
        access.require(principal, Role.Reader, path.armPath());
        ClusterPool found = pools.get(path.poolId());
        model.addAttribute("canManage", access.allows(principal, Role.Owner, path.armPath()));
        model.addAttribute("pool", found);
        model.addAttribute("path", path);
        clusterTable(path, model);
        return "portal/pool";
    }

    /** The clusters table alone, which the pool's page polls while a cluster settles. */
    @GetMapping(POOL + "/clusters-table")
    String clustersTable(
            @PathVariable String sub,
            @PathVariable String rg,
            @PathVariable String pool,
            Principal principal,
            Model model) {
        ResourcePath path = ResourcePath.pool(sub, rg, pool);
        access.require(principal, Role.Reader, path.armPath());
        model.addAttribute("canManage", access.allows(principal, Role.Owner, path.armPath()));
        clusterTable(path, model);
        return "portal/pool :: clusters";
    }

    private void clusterTable(ResourcePath path, Model model) {
        List<ClusterRow> rows = clusters.list(path.poolId()).stream().map(ClusterRow::of).toList();
        model.addAttribute("path", path);
        model.addAttribute("clusters", rows);
        model.addAttribute("polling", ClusterRow.anySettling(rows));
    }

    private PoolRow row(ClusterPool pool) {
        ArmId id = PoolRow.of(pool, 0).path().poolId();
        return PoolRow.of(pool, clusters.list(id).size());
    }

    private static String armPath(ClusterPool pool) {
        return PoolRow.of(pool, 0).path().armPath();
    }

    private static String poolForm(Model model, PoolForm form, FormErrors errors) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        return "portal/pool-form";
    }

    private static String blankTo(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.strip();
    }
}
