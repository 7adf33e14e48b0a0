package dev.sluice.server.security;

import dev.sluice.api.ResourceList;
import java.security.Principal;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Role assignments ({@code /providers/Sluice.Security/roleAssignments/{name}}), shaped like ARM's:
 * {@code {"properties": {"principalId", "role", "scope"}}}. The same three fields at the top level
 * are accepted too.
 */
@RestController
@RequestMapping(ArmRequests.SECURITY_PROVIDER + "/roleAssignments")
class RoleAssignmentController {

    static final String TYPE = "Sluice.Security/roleAssignments";

    private final RoleAssignments assignments;

    RoleAssignmentController(RoleAssignments assignments) {
        this.assignments = assignments;
    }

    /** The fields of an assignment a client sends. */
    record Fields(String principalId, String role, String scope) {}

    /** A PUT body: the fields under {@code properties}, or at the top level. */
    record Body(String principalId, String role, String scope, Fields properties) {

        Fields fields() {
            return properties != null ? properties : new Fields(principalId, role, scope);
        }
    }

    /** An assignment as answered. */
    record View(String id, String name, String type, Properties properties) {

        record Properties(
                String principalId,
                String role,
                String scope,
                String createdBy,
                String createdAt) {}

        static View of(RoleAssignment a) {
            return new View(
                    ArmRequests.SECURITY_PROVIDER + "/roleAssignments/" + a.id(),
                    a.id(),
                    TYPE,
                    new Properties(
                            a.principalId(),
                            a.role().name(),
                            a.scope().value(),
                            a.createdBy(),
                            a.createdAt().toString()));
        }
    }

    /** 201 when created, 200 when it replaced the assignment of that name. */
    @PutMapping("/{name}")
    ResponseEntity<View> put(
            @PathVariable String name, @RequestBody(required = false) Body body, Principal caller) {
        Fields fields = body == null ? new Fields(null, null, null) : body.fields();
        RoleAssignments.Put put =
                assignments.put(
                        caller.getName(),
                        name,
                        fields.principalId(),
                        fields.role(),
                        fields.scope());
        return ResponseEntity.status(put.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(View.of(put.assignment()));
    }

    @GetMapping("/{name}")
    View get(@PathVariable String name, Principal caller) {
        return View.of(assignments.get(caller.getName(), name));
    }

    /** The assignments the caller may see: its own and those at scopes it owns. */
    @GetMapping
    ResourceList<View> list(
            @RequestParam(name = "principalId", required = false) String principalId,
            Principal caller) {
        return new ResourceList<>(
                assignments.list(caller.getName(), principalId).stream().map(View::of).toList(),
                null);
    }

    /** 200 with the deleted assignment, 204 when there was none. */
    @DeleteMapping("/{name}")
    ResponseEntity<View> delete(@PathVariable String name, Principal caller) {
        Optional<RoleAssignment> deleted = assignments.delete(caller.getName(), name);
        return deleted.map(a -> ResponseEntity.ok(View.of(a)))
                .orElseGet(() -> ResponseEntity.noContent().build());
    }
}
