package dev.sluice.server.security;

import java.time.Instant;

/**
 * One mutating call as the audit log keeps it.
 *
 * @param id ascending with time; 0 before it is stored
 * @param principal who called: a client id, an external principal claim, or "anonymous"
 * @param operation the method and path pattern, or the action name such as {@code runJob STOP}
 * @param target the path called
 * @param status the HTTP status answered
 * @param remoteAddress the caller's address as the server saw it
 */
record AuditEntry(
        long id,
        Instant time,
        String principal,
        String operation,
        String target,
        int status,
        String remoteAddress) {}
