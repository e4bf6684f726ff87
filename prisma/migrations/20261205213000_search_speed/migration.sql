-- Search speed. Column names repeat across datasets (200,000 columns here, 20 distinct names), so
-- name matching runs over each workspace's DISTINCT column names and joins back to the columns
-- by (workspaceId, name); the trigram index on every column row is no longer read.
CREATE TABLE "dataset_column_name" (
    "workspaceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "dataset_column_name_pkey" PRIMARY KEY ("workspaceId","name")
);

CREATE INDEX "dataset_column_name_name_idx" ON "dataset_column_name" USING GIN ("name" gin_trgm_ops) WITH (fastupdate = off);

ALTER TABLE "dataset_column_name" ADD CONSTRAINT "dataset_column_name_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

DROP INDEX "dataset_column_name_idx";

CREATE INDEX "dataset_column_workspaceId_name_idx" ON "dataset_column"("workspaceId", "name");

-- Near spellings of a dataset name compare its table part (`public.orders` → `orders`): every
-- name of a schema shares the schema's trigrams, so matching whole names made nearly every
-- dataset a candidate. The search service repeats this exact expression
-- (server/services/search/search-sql.ts, TABLE_PART_SQL). A URI (a `/` before the last dot) is kept whole.
CREATE INDEX "dataset_table_part_idx" ON "dataset" USING GIN ((regexp_replace("name", '^[^/]*\.', '')) gin_trgm_ops) WITH (fastupdate = off);

-- Tags are matched by array overlap on every search; without an index that is a scan of the
-- workspace's datasets.
CREATE INDEX "dataset_tags_idx" ON "dataset" USING GIN ("tags") WITH (fastupdate = off);

-- Search reads its GIN indexes straight after rows are written (a deploy registers datasets, then
-- someone searches for them). With GIN's fast update, new entries wait in an unsorted pending
-- list until a vacuum merges them, and every search scans that list: 12,000 freshly registered
-- datasets made each name lookup a scan of all of them. Catalog writes are rare and small, so
-- the indexes take new entries directly.
ALTER INDEX "dataset_name_idx" SET (fastupdate = off);
ALTER INDEX "dataset_search_text_idx" SET (fastupdate = off);
ALTER INDEX "dag_dagId_idx" SET (fastupdate = off);
ALTER INDEX "dag_search_text_idx" SET (fastupdate = off);
ALTER INDEX "incident_title_idx" SET (fastupdate = off);
ALTER INDEX "postmortem_search_text_idx" SET (fastupdate = off);

INSERT INTO "dataset_column_name" ("workspaceId", "name")
SELECT DISTINCT "workspaceId", "name" FROM "dataset_column";

-- Every writer of dataset_column (introspection, imports, raw SQL) keeps the list complete. Names
-- are never removed here: a name no column has any more finds nothing when joined back, while
-- removing one could race a concurrent insert of the same name and hide real columns.
CREATE FUNCTION "dataset_column_name_add"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "dataset_column_name" ("workspaceId", "name")
  SELECT DISTINCT "workspaceId", "name" FROM inserted
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "dataset_column_name_on_insert" AFTER INSERT ON "dataset_column"
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION "dataset_column_name_add"();

CREATE TRIGGER "dataset_column_name_on_update" AFTER UPDATE ON "dataset_column"
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION "dataset_column_name_add"();
