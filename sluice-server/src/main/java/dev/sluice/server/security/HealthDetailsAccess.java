package dev.sluice.server.security;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Health details (the data directory's path, disk sizes, the embedded cluster's REST URL) are for
 * principals with Reader or above at some scope; anonymous callers and principals without any role
 * see the status only. {@code show-details=when-authorized} lets any authenticated caller through;
 * this narrows it for every health group.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class HealthDetailsAccess implements HealthEndpointGroupsPostProcessor {

    private final Authorizer authorizer;

    HealthDetailsAccess(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    @Override
    public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
        Map<String, HealthEndpointGroup> named = new LinkedHashMap<>();
        for (String name : groups.getNames()) {
            named.put(name, new ReaderOnly(groups.get(name)));
        }
        return HealthEndpointGroups.of(new ReaderOnly(groups.getPrimary()), named);
    }

    boolean isReader(SecurityContext context) {
        Principal principal = context.getPrincipal();
        return principal != null
                && principal.getName() != null
                && !authorizer.scopes(principal.getName(), Role.Reader).isEmpty();
    }

    /** A group that shows components and details only to a Reader, otherwise as configured. */
    private final class ReaderOnly implements HealthEndpointGroup {

        private final HealthEndpointGroup group;

        ReaderOnly(HealthEndpointGroup group) {
            this.group = group;
        }

        @Override
        public boolean isMember(String name) {
            return group.isMember(name);
        }

        @Override
        public boolean showComponents(SecurityContext context) {
            return group.showComponents(context) && isReader(context);
        }

        @Override
        public boolean showDetails(SecurityContext context) {
            return group.showDetails(context) && isReader(context);
        }

        @Override
        public StatusAggregator getStatusAggregator() {
            return group.getStatusAggregator();
        }

        @Override
        public HttpCodeStatusMapper getHttpCodeStatusMapper() {
            return group.getHttpCodeStatusMapper();
        }

        @Override
        public AdditionalHealthEndpointPath getAdditionalPath() {
            return group.getAdditionalPath();
        }
    }
}
