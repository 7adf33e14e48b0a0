-- Leases (issue 18): which server may do a piece of work (an action, a cluster's operations, a
-- cluster's observation) and the fence that every write of that work checks. A row outlives its
-- holder (owner NULL after a release) so the fence keeps growing across takeovers.
CREATE TABLE leases (
    work_key   VARCHAR(1100) NOT NULL,
    owner      VARCHAR(256),
    fence      BIGINT        NOT NULL,
    expires_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_leases PRIMARY KEY (work_key)
);

-- The live servers: each renews its row while it runs and deletes it on a clean stop, so work
-- spread over servers (cluster observation) knows how many share it.
CREATE TABLE servers (
    id         VARCHAR(256) NOT NULL,
    expires_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_servers PRIMARY KEY (id)
);
