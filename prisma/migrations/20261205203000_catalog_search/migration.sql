-- Catalog search: trigram indexes for names (partial words and typos: `cours_sumary` finds
-- course_summary through word_similarity) and full-text indexes for descriptions and
-- post-mortems. Search is PostgreSQL only: no separate search server.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX "dataset_name_idx" ON "dataset" USING GIN ("name" gin_trgm_ops);
CREATE INDEX "dataset_column_name_idx" ON "dataset_column" USING GIN ("name" gin_trgm_ops);
CREATE INDEX "dag_dagId_idx" ON "dag" USING GIN ("dagId" gin_trgm_ops);
CREATE INDEX "incident_title_idx" ON "incident" USING GIN ("title" gin_trgm_ops);

-- Expression indexes Prisma cannot describe: the search service's queries repeat these exact
-- expressions (server/services/search/search-sql.ts), or the planner will not use them.
CREATE INDEX "dataset_search_text_idx" ON "dataset" USING GIN (to_tsvector('simple', coalesce("description", '') || ' ' || coalesce("owner", '')));
CREATE INDEX "dag_search_text_idx" ON "dag" USING GIN (to_tsvector('simple', coalesce("description", '') || ' ' || coalesce("owner", '')));
CREATE INDEX "postmortem_search_text_idx" ON "postmortem" USING GIN (to_tsvector('simple', "markdown"));
