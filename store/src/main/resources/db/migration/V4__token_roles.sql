-- Least-privilege tokens: each token acts with the permissions of one role document (tokens made
-- before this migration keep doing everything: super-admin), may expire, may belong to a user
-- (whose alerts and reports it may then manage), and records who created it.
ALTER TABLE api_tokens ADD COLUMN role_name VARCHAR(200) DEFAULT 'super-admin' NOT NULL;
ALTER TABLE api_tokens ADD COLUMN user_name VARCHAR(200);
ALTER TABLE api_tokens ADD COLUMN created_by VARCHAR(200);
ALTER TABLE api_tokens ADD COLUMN expires_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX api_tokens_user ON api_tokens (user_name);
