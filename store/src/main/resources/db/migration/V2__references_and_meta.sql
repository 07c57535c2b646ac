-- Which document names which: the engine records every reference a document makes. The foreign
-- keys make the database itself refuse a reference to an absent document and the deletion of a
-- referenced one, so no race between a write and a delete can leave a dangling reference.
CREATE TABLE document_refs (
    from_resource VARCHAR(64)  NOT NULL,
    from_name     VARCHAR(200) NOT NULL,
    to_resource   VARCHAR(64)  NOT NULL,
    to_name       VARCHAR(200) NOT NULL,
    PRIMARY KEY (from_resource, from_name, to_resource, to_name),
    FOREIGN KEY (from_resource, from_name) REFERENCES documents (resource, name) ON DELETE CASCADE,
    FOREIGN KEY (to_resource, to_name) REFERENCES documents (resource, name)
);
CREATE INDEX document_refs_to ON document_refs (to_resource, to_name);

-- Facts about this database itself, such as a value sealed with the secret key, so that starting
-- with the wrong key file is a clear error.
CREATE TABLE fulcrum_meta (
    meta_name  VARCHAR(64) PRIMARY KEY,
    meta_value CHARACTER VARYING NOT NULL
);
