-- PostgreSQL only. Names sort by their bytes ("C"), as on H2, whatever the database's locale: the same
-- list order everywhere, and the primary key's index serves ORDER BY name (a locale-aware ORDER BY
-- would sort every row of a resource for each page).
ALTER TABLE document_fields DROP CONSTRAINT document_fields_resource_name_fkey;
ALTER TABLE document_refs DROP CONSTRAINT document_refs_from_resource_from_name_fkey;
ALTER TABLE document_refs DROP CONSTRAINT document_refs_to_resource_to_name_fkey;
ALTER TABLE documents ALTER COLUMN resource TYPE VARCHAR(64) COLLATE "C";
ALTER TABLE documents ALTER COLUMN name TYPE VARCHAR(200) COLLATE "C";
ALTER TABLE document_refs ALTER COLUMN from_resource TYPE VARCHAR(64) COLLATE "C";
ALTER TABLE document_refs ALTER COLUMN from_name TYPE VARCHAR(200) COLLATE "C";
ALTER TABLE document_refs ALTER COLUMN to_resource TYPE VARCHAR(64) COLLATE "C";
ALTER TABLE document_refs ALTER COLUMN to_name TYPE VARCHAR(200) COLLATE "C";
ALTER TABLE document_fields ALTER COLUMN resource TYPE VARCHAR(64) COLLATE "C";
ALTER TABLE document_fields ALTER COLUMN name TYPE VARCHAR(200) COLLATE "C";
ALTER TABLE document_fields ALTER COLUMN field_value TYPE VARCHAR(1000) COLLATE "C";
ALTER TABLE api_tokens ALTER COLUMN name TYPE VARCHAR(200) COLLATE "C";
ALTER TABLE document_refs ADD FOREIGN KEY (from_resource, from_name) REFERENCES documents (resource, name) ON DELETE CASCADE;
ALTER TABLE document_refs ADD FOREIGN KEY (to_resource, to_name) REFERENCES documents (resource, name);
ALTER TABLE document_fields ADD FOREIGN KEY (resource, name) REFERENCES documents (resource, name) ON DELETE CASCADE;
