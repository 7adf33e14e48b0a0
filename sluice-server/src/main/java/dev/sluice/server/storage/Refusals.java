package dev.sluice.server.storage;

import dev.sluice.server.common.ApiException;
import java.util.List;

/** The wording of a refused storage path, shared by the local and the Azure confinement. */
final class Refusals {

    private Refusals() {}

    /** The root or roots a path must stay in, as the user wrote them. */
    static String describe(List<StorageLocation> roots) {
        List<String> uris = roots.stream().map(StorageLocation::uri).toList();
        return uris.size() == 1
                ? "the storage root " + uris.get(0)
                : "the storage roots " + String.join(", ", uris);
    }

    /** The form of every refusal, so the user sees exactly which value was wrong. */
    static String quote(String field, String value, String problem) {
        return field + " '" + value + "' " + problem;
    }

    static ApiException invalid(String field, String value, String problem) {
        return ApiException.badRequest("InvalidStoragePath", quote(field, value, problem), field);
    }

    static ApiException outside(String field, String value, String problem) {
        return ApiException.badRequest("PathOutsideStorage", quote(field, value, problem), field);
    }
}
