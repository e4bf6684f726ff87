-- How the web app shows times to this user: 'utc', or 'local' (the browser's own time zone).
-- Stored times stay UTC; this only chooses how they are printed.
ALTER TABLE "user" ADD COLUMN "timeZonePreference" TEXT NOT NULL DEFAULT 'utc';
ALTER TABLE "user" ADD CONSTRAINT "user_time_zone_preference_check"
  CHECK ("timeZonePreference" IN ('utc', 'local'));
