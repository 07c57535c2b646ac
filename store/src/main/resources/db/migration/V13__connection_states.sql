-- Each connection's lifecycle state (STARTING, RUNNING, STOPPED, FAILED), shared by every instance on the database:
-- start, stop and fail through any instance take effect everywhere, and every instance answers the same status.
-- generation grows with each start, stop or fail; a check's result is written only while it is still the
-- generation the check began at (and the connection is not stopped), so a slow check never undoes a newer stop.
CREATE TABLE connection_states (
    name        VARCHAR(200)             NOT NULL PRIMARY KEY,
    state       VARCHAR(16)              NOT NULL,
    generation  BIGINT                   NOT NULL,
    checked_at  TIMESTAMP WITH TIME ZONE,
    latency_ms  BIGINT,
    message     VARCHAR(4000)
);
