-- What an ARM client sent for a pool or cluster, kept so that GET returns it (issue 17): the
-- resource's `properties` as JSON (secrets removed), and the systemData principals and times.
CREATE TABLE resource_specs (
    resource_id  VARCHAR(1024) NOT NULL,
    properties   TEXT          NOT NULL,
    created_by   VARCHAR(1024),
    created_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    modified_by  VARCHAR(1024),
    modified_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_resource_specs PRIMARY KEY (resource_id)
);
