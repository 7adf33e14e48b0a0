-- Issue 18: servers sharing one PostgreSQL sign tokens with one key, so a token from one is
-- accepted by all. One row ('jwt'); the first server to start inserts it, the others read it.
-- (An embedded H2 server keeps its key in <data dir>/security/jwt-signing-key.json as before.)
CREATE TABLE signing_keys (
    id         VARCHAR(64) NOT NULL,
    jwk        TEXT        NOT NULL,
    created_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_signing_keys PRIMARY KEY (id)
);
