package dev.sluice.server.arm;

import dev.sluice.server.cluster.ResourceSpecs;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Nothing an ARM client sends is dropped: the {@code properties} of a pool or cluster PUT are kept
 * as sent (secrets removed) and GET shows them under what Sluice reports, with {@code systemData}.
 * Sluice's own read-only fields (state, the version that runs, the REST URL) and the applied ones
 * that change elsewhere win over what was sent; everything else is returned as the client wrote it,
 * so a GET → PUT round trip is stable.
 */
@Component
class KeptSpecs {

    /** Write-only fields (x-ms-secret in the spec): never stored here, never returned. */
    private static final Set<String> SECRETS = Set.of("storagekey", "password");

    /**
     * Fields under {@code properties} where Sluice's value wins over what was sent: the read-only
     * ones, and the applied ones that change outside a PUT or PATCH of this API (the portal's form,
     * an upgrade, a resize).
     */
    private static final List<List<String>> REPORTED =
            List.of(
                    List.of("clusterProfile", "flinkProfile", "flinkConfiguration"),
                    List.of("clusterProfile", "flinkProfile", "jobSpec"),
                    List.of("clusterProfile", "flinkProfile", "numReplicas"),
                    List.of("provisioningState"),
                    List.of("deploymentId"),
                    List.of("status"),
                    List.of("statusReason"),
                    List.of("clusterProfile", "ossVersion"),
                    List.of("clusterProfile", "flinkProfile", "flinkVersion"),
                    List.of("clusterProfile", "flinkProfile", "restUrl"));

    private final ResourceSpecs specs;
    private final JsonMapper json;

    KeptSpecs(ResourceSpecs specs, JsonMapper json) {
        this.specs = specs;
        this.json = json;
    }

    /** Keeps the {@code properties} a PUT sent for the resource. */
    void keep(String resourceId, JsonNode body, Principal principal, boolean created) {
        JsonNode properties = body == null ? null : body.get("properties");
        ObjectNode kept =
                properties instanceof ObjectNode object
                        ? object.deepCopy()
                        : json.createObjectNode();
        withoutSecrets(kept);
        specs.save(resourceId, json.writeValueAsString(kept), name(principal), created);
    }

    /**
     * Applies a PATCH's {@code properties} to the kept spec as a JSON merge patch (RFC 7396: an
     * object merges, null removes, anything else replaces).
     */
    void patch(String resourceId, JsonNode body, Principal principal) {
        ObjectNode before = stored(resourceId).orElseGet(json::createObjectNode);
        ObjectNode kept = before.deepCopy();
        JsonNode properties = body == null ? null : body.get("properties");
        if (properties instanceof ObjectNode patch) {
            mergePatch(kept, patch);
        }
        withoutSecrets(kept);
        boolean retagged = body != null && body.get("tags") instanceof ObjectNode;
        // A PATCH that changes nothing leaves systemData as it was.
        if (!kept.equals(before) || retagged) {
            specs.save(resourceId, json.writeValueAsString(kept), name(principal), false);
        }
    }

    /** The resource as GET shows it: Sluice's view over the kept spec, with systemData. */
    JsonNode render(String resourceId, Object view) {
        ObjectNode rendered = json.valueToTree(view);
        Optional<ResourceSpecs.Spec> spec = specs.find(resourceId);
        if (spec.isEmpty()) {
            return rendered;
        }
        ObjectNode reported =
                rendered.get("properties") instanceof ObjectNode p ? p : json.createObjectNode();
        ObjectNode properties = (ObjectNode) json.readTree(spec.get().properties());
        ObjectNode merged = reported.deepCopy();
        overlay(merged, properties);
        for (List<String> path : REPORTED) {
            restore(merged, reported, path);
        }
        rendered.set("properties", merged);
        ObjectNode systemData = rendered.putObject("systemData");
        systemData.put("createdBy", spec.get().createdBy());
        systemData.put("createdByType", "Application");
        systemData.put("createdAt", spec.get().createdAt().toString());
        systemData.put("lastModifiedBy", spec.get().modifiedBy());
        systemData.put("lastModifiedByType", "Application");
        systemData.put("lastModifiedAt", spec.get().modifiedAt().toString());
        return rendered;
    }

    /** Forgets the resource's spec once it is deleted. */
    void forget(String resourceId) {
        specs.delete(resourceId);
    }

    private Optional<ObjectNode> stored(String resourceId) {
        return specs.find(resourceId)
                .map(spec -> json.readTree(spec.properties()))
                .filter(ObjectNode.class::isInstance)
                .map(ObjectNode.class::cast);
    }

    /** What was sent wins over what Sluice filled in; objects merge member by member. */
    private static void overlay(ObjectNode target, ObjectNode sent) {
        for (Map.Entry<String, JsonNode> member : sent.properties()) {
            JsonNode existing = target.get(member.getKey());
            if (existing instanceof ObjectNode into
                    && member.getValue() instanceof ObjectNode from) {
                overlay(into, from);
            } else {
                target.set(member.getKey(), member.getValue().deepCopy());
            }
        }
    }

    private static void mergePatch(ObjectNode target, ObjectNode patch) {
        for (Map.Entry<String, JsonNode> member : patch.properties()) {
            JsonNode value = member.getValue();
            JsonNode existing = target.get(member.getKey());
            if (value.isNull()) {
                target.remove(member.getKey());
            } else if (value instanceof ObjectNode from && existing instanceof ObjectNode into) {
                mergePatch(into, from);
            } else {
                target.set(member.getKey(), value.deepCopy());
            }
        }
    }

    /** Puts back Sluice's value at {@code path} (or removes the client's when Sluice has none). */
    private static void restore(ObjectNode merged, ObjectNode reported, List<String> path) {
        JsonNode from = reported;
        JsonNode into = merged;
        for (int i = 0; i < path.size() - 1; i++) {
            from = from == null ? null : from.get(path.get(i));
            into = into.get(path.get(i));
            if (!(into instanceof ObjectNode)) {
                return;
            }
        }
        String last = path.get(path.size() - 1);
        JsonNode value = from == null ? null : from.get(last);
        if (value == null) {
            ((ObjectNode) into).remove(last);
        } else {
            ((ObjectNode) into).set(last, value.deepCopy());
        }
    }

    private static void withoutSecrets(JsonNode node) {
        if (node instanceof ObjectNode object) {
            SECRETS.forEach(object::remove);
            object.forEach(KeptSpecs::withoutSecrets);
        } else if (node != null && node.isArray()) {
            node.forEach(KeptSpecs::withoutSecrets);
        }
    }

    private static String name(Principal principal) {
        return principal == null ? "anonymous" : principal.getName();
    }
}
