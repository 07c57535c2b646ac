-- The values of each document's filterable top-level fields (the kind's strategy names them), so
-- that GET /api/v1/<res>?<field>=<value> filters in the database, the same way on H2 and PostgreSQL.
CREATE TABLE document_fields (
    resource    VARCHAR(64)  NOT NULL,
    name        VARCHAR(200) NOT NULL,
    field       VARCHAR(64)  NOT NULL,
    field_value VARCHAR(1000) NOT NULL,
    PRIMARY KEY (resource, name, field),
    FOREIGN KEY (resource, name) REFERENCES documents (resource, name) ON DELETE CASCADE
);
CREATE INDEX document_fields_value ON document_fields (resource, field, field_value);
