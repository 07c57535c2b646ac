-- Identical refusals within a moment (a flood of bad tokens) are one audit entry with their count.
ALTER TABLE audit_log ADD COLUMN repeat_count BIGINT DEFAULT 1 NOT NULL;
