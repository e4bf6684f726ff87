-- When the catalog loop told the consumers of a deprecated dataset (null: not yet announced).
ALTER TABLE "dataset" ADD COLUMN "deprecationNotifiedAt" TIMESTAMPTZ(3);
