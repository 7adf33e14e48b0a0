-- Savepoint history per job (issue 16): every savepoint Sluice took, or was told of (imported),
-- and what became of it. Same dialect rules as V1: SQL that H2 2.x and PostgreSQL both understand.
-- No foreign key to jobs: a DELETE keeps the job's savepoints and their history.
CREATE TABLE job_savepoints (
    id            VARCHAR(64)   NOT NULL,
    job_id        BIGINT        NOT NULL,
    cluster_id    VARCHAR(1024) NOT NULL,
    job_name      VARCHAR(256)  NOT NULL,
    uri           VARCHAR(4096) NOT NULL,
    name          VARCHAR(1024) NOT NULL,
    -- manual, periodic, stop, update, delete, imported
    kind          VARCHAR(32)   NOT NULL,
    action_id     VARCHAR(64),
    taken_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    size_bytes    BIGINT        NOT NULL,
    usable        BOOLEAN       NOT NULL,
    -- AVAILABLE, DISPOSED, DISPOSE_FAILED (retried)
    state         VARCHAR(32)   NOT NULL,
    dispose_error TEXT,
    disposed_at   TIMESTAMP(6) WITH TIME ZONE,
    created_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_job_savepoints PRIMARY KEY (id),
    -- Recording is idempotent: a resumed step records the same savepoint once.
    CONSTRAINT uq_job_savepoints_job_uri UNIQUE (job_id, uri)
);

-- A job's history, newest first, reads the unique index's leading column; retention reads it too.
CREATE INDEX ix_job_savepoints_job_taken ON job_savepoints (job_id, taken_at);
