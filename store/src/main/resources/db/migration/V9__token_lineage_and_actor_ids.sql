-- A token made by a token remembers its parent, so that revoking a token revokes the tokens it made (and theirs).
-- History and audit entries name the acting token by its id as well as its name: a later token may take the
-- name of a revoked one, never its id.
ALTER TABLE api_tokens ADD COLUMN parent_id BIGINT;
CREATE INDEX api_tokens_parent ON api_tokens (parent_id);
ALTER TABLE document_history ADD COLUMN actor_token_id BIGINT;
ALTER TABLE audit_log ADD COLUMN actor_token_id BIGINT;

-- Active tokens made by a token before this migration: their parent is the active token of that name, if it is
-- older than they are (a younger one took the name later and is not their parent).
UPDATE api_tokens SET parent_id = (SELECT parent.id FROM api_tokens parent
        WHERE parent.active_name = SUBSTRING(api_tokens.created_by FROM 7) AND parent.created_at <= api_tokens.created_at)
    WHERE created_by LIKE 'token:%' AND active_name IS NOT NULL;
