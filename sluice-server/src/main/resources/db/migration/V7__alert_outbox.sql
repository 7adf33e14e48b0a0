-- Alerts (issue 16): the durable outbox of webhook events. A row is written in the transaction of
-- the change it reports where practical (a job's action ending, its run failing) and delivered by
-- the background sender with retries; same dialect rules as V1 (H2 2.x and PostgreSQL).
-- No foreign key to jobs: the event of a DELETE outlives its job.
CREATE TABLE alert_events (
    id            VARCHAR(64)   NOT NULL,
    job_id        BIGINT        NOT NULL,
    cluster_id    VARCHAR(1024) NOT NULL,
    job_name      VARCHAR(256)  NOT NULL,
    event_type    VARCHAR(64)   NOT NULL,
    url           VARCHAR(2048) NOT NULL,
    -- The shared secret of the HMAC signature, as the job's configuration had it; never returned.
    secret        VARCHAR(1024),
    body          TEXT          NOT NULL,
    -- PENDING (to send, again after a failure), DELIVERED, FAILED (attempts exhausted)
    state         VARCHAR(16)   NOT NULL,
    attempts      INTEGER       NOT NULL,
    next_attempt  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    last_status   INTEGER,
    last_error    VARCHAR(1024),
    created_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_alert_events PRIMARY KEY (id)
);

-- The sender reads the due rows; a job's detail reads its latest delivery.
CREATE INDEX ix_alert_events_due ON alert_events (state, next_attempt);
CREATE INDEX ix_alert_events_job ON alert_events (job_id, updated_at);
