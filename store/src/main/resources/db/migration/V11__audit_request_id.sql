-- The id of the request an audit entry records (X-Request-Id, or the one the server made), so that a user's report
-- leads to its entry and its log lines; null for entries written before.
ALTER TABLE audit_log ADD COLUMN request_id VARCHAR(64);
