-- changed_fields was the names joined with commas, so a field named "key,passphrase" read back as two fields
-- (one of them a secret that had not changed). It is now a JSON array of strings; existing rows are converted,
-- their commas taken as the separators they were written as.
UPDATE audit_log
SET changed_fields = '["' || REPLACE(REPLACE(REPLACE(changed_fields, '\', '\\'), '"', '\"'), ',', '","') || '"]'
WHERE changed_fields IS NOT NULL;
