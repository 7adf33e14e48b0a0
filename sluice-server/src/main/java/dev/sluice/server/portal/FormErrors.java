package dev.sluice.server.portal;

import dev.sluice.server.common.ApiException;
import java.util.List;
import java.util.Map;

/**
 * The messages a form shows: the service's refusal next to the field its target names, or above the
 * form when no field of this form matches.
 *
 * @param fields message per form field name
 * @param form message for the form as a whole, or null
 */
record FormErrors(Map<String, String> fields, String form) {

    static final FormErrors NONE = new FormErrors(Map.of(), null);

    /** Prefixes of the API's targets that a form does not spell out. */
    private static final List<String> PREFIXES =
            List.of(
                    "properties.clusterProfile.flinkProfile.",
                    "properties.flinkConfiguration.",
                    "properties.",
                    "flinkConfiguration.");

    FormErrors {
        fields = Map.copyOf(fields);
    }

    // The methods templates call are public: SpEL only finds public methods.

    /**
     * Places a refusal. {@code fieldsByTarget} maps a target (with the API's {@code properties.}
     * prefixes removed) to the form field that shows it, the longest match winning; a target not in
     * it lands above the form.
     */
    static FormErrors of(ApiException e, Map<String, String> fieldsByTarget) {
        String target = shortTarget(e.target());
        // A target inside a field, such as flinkConfiguration.some.key, belongs to that field.
        while (!target.isEmpty()) {
            String field = fieldsByTarget.get(target);
            if (field != null) {
                return new FormErrors(Map.of(field, e.getMessage()), null);
            }
            int dot = target.lastIndexOf('.');
            target = dot < 0 ? "" : target.substring(0, dot);
        }
        return new FormErrors(Map.of(), e.getMessage());
    }

    /** One message for one field, for checks the portal makes itself. */
    static FormErrors field(String field, String message) {
        return new FormErrors(Map.of(field, message), null);
    }

    /** The API target without the prefixes a form does not spell out, or "" when null. */
    static String shortTarget(String target) {
        if (target == null) {
            return "";
        }
        for (String prefix : PREFIXES) {
            if (target.startsWith(prefix)) {
                return target.substring(prefix.length());
            }
        }
        return target;
    }

    public boolean has(String field) {
        return fields.containsKey(field);
    }

    public String get(String field) {
        return fields.get(field);
    }

    public boolean any() {
        return form != null || !fields.isEmpty();
    }
}
