-- Reference guards (H2 only; PostgreSQL locks a referenced document FOR KEY SHARE instead). H2 has no shared row
-- lock, so a write that adds a reference used to lock the referenced document exclusively, and every write
-- referencing one document (the data cubes of one connection) waited for the one before it to commit. Now such a
-- write locks one of these rows, a different one per writer of the process, and a delete locks all of them before it
-- looks for references: writers referencing a document go side by side, and none can add a reference to a document
-- whose delete has checked that nothing refers to it.
-- A guard is locked by counting a turn on it: H2 parses a SELECT ... FOR UPDATE anew each time, an UPDATE once.
CREATE TABLE reference_guards (
    slot INT NOT NULL PRIMARY KEY,
    turns BIGINT NOT NULL DEFAULT 0
);
INSERT INTO reference_guards (slot) VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9), (10), (11), (12), (13),
    (14), (15), (16), (17), (18), (19), (20), (21), (22), (23), (24), (25), (26), (27), (28), (29), (30), (31);
