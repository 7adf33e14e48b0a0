package dev.sluice.server.security;

import dev.sluice.api.ResourceList;
import dev.sluice.server.common.ApiException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The audit log ({@code GET /providers/Sluice.Security/auditLogs}), newest first, with {@code
 * $top}, {@code $skipToken}/{@code nextLink} paging and a {@code from}/{@code to} time window. An
 * Owner at {@code /} reads every entry; an Owner of narrower scopes reads the entries whose target
 * lies under them.
 */
@RestController
class AuditLogController {

    static final String PATH = ArmRequests.SECURITY_PROVIDER + "/auditLogs";
    private static final int MAX_TOP = 1000;

    private final AuditLog log;
    private final Authorizer authorizer;

    AuditLogController(AuditLog log, Authorizer authorizer) {
        this.log = log;
        this.authorizer = authorizer;
    }

    /** One entry as answered. */
    record View(
            long id,
            String time,
            String principal,
            String operation,
            String target,
            int status,
            String remoteAddress) {

        static View of(AuditEntry e) {
            return new View(
                    e.id(),
                    e.time().toString(),
                    e.principal(),
                    e.operation(),
                    e.target(),
                    e.status(),
                    e.remoteAddress());
        }
    }

    @GetMapping(PATH)
    ResourceList<View> list(
            @RequestParam(name = "$top", required = false, defaultValue = "100") int top,
            @RequestParam(name = "$skipToken", required = false) String skipToken,
            @RequestParam(name = "from", required = false) String from,
            @RequestParam(name = "to", required = false) String to,
            Principal caller) {
        if (top < 1 || top > MAX_TOP) {
            throw ApiException.badRequest(
                    "InvalidParameter", "$top must be between 1 and " + MAX_TOP, "$top");
        }
        Long before = null;
        if (skipToken != null && !skipToken.isBlank()) {
            try {
                before = Long.parseLong(skipToken);
            } catch (NumberFormatException e) {
                throw ApiException.badRequest(
                        "InvalidParameter",
                        "$skipToken is not one this server issued",
                        "$skipToken");
            }
        }
        List<Scope> scopes = null;
        if (!authorizer.allows(caller.getName(), Role.Owner, Scope.ROOT)) {
            scopes = authorizer.scopes(caller.getName(), Role.Owner);
            if (scopes.isEmpty()) {
                throw new ApiException(
                        403,
                        "AuthorizationFailed",
                        "Principal '" + caller.getName() + "' is no Owner at any scope");
            }
        }
        AuditLog.Page page = log.read(time(from, "from"), time(to, "to"), before, scopes, top);
        String next = null;
        if (page.skipToken() != null) {
            StringBuilder url =
                    new StringBuilder(
                                    ServletUriComponentsBuilder.fromCurrentContextPath()
                                            .toUriString())
                            .append(PATH)
                            .append("?$top=")
                            .append(top)
                            .append("&$skipToken=")
                            .append(page.skipToken());
            if (from != null) {
                url.append("&from=").append(URLEncoder.encode(from, StandardCharsets.UTF_8));
            }
            if (to != null) {
                url.append("&to=").append(URLEncoder.encode(to, StandardCharsets.UTF_8));
            }
            next = url.toString();
        }
        return new ResourceList<>(page.entries().stream().map(View::of).toList(), next);
    }

    /** An ISO-8601 instant, with Z or an offset; null when not given. */
    private static Instant time(String text, String parameter) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(
                    "InvalidParameter",
                    parameter + " must be an ISO-8601 time such as 2025-01-31T12:00:00Z",
                    parameter);
        }
    }
}
