package dev.sluice.server.store;

/** A write of work whose lease this server no longer holds: another server took it over. */
public final class StaleLeaseException extends RuntimeException {

    StaleLeaseException(Lease lease) {
        super(
                "Lease "
                        + lease.key()
                        + " (fence "
                        + lease.fence()
                        + ") is no longer held by "
                        + lease.owner());
    }
}
