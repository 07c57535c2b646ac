-- H2 only. A body of more than 16 KB (H2's page size) is kept in H2's LOB store instead of inside its row: a row
-- holding it made every page on its way a page of megabytes, written again whole at each commit that touched the
-- page (a row lock, an update, the commit's own marks), so one 1 MB write wrote 12 MB to the file and three
-- writers at once asked H2's write buffer for 34 MB and more, which filled the shipped 192 MB heap and made H2
-- close the database (bench/RESULTS.md, 2026-12-02). Smaller bodies stay in their rows, as before: their writes
-- cost what they did. PostgreSQL keeps large values apart by itself (TOAST).
SET MAX_LENGTH_INPLACE_LOB 16384;
ALTER TABLE documents ALTER COLUMN body SET DATA TYPE CHARACTER LARGE OBJECT;
ALTER TABLE document_history ALTER COLUMN body SET DATA TYPE CHARACTER LARGE OBJECT;
