package dev.sluice.server.common;

import java.util.UUID;

/** Identifiers Sluice chooses itself (Flink job ids, savepoint trigger ids, operation ids). */
public final class Ids {

    private Ids() {}

    /** 32 lower-case hex digits: the shape Flink expects of a job id. */
    public static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
