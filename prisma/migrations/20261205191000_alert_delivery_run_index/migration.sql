-- The SLA check asks whether a run already had its sla alert, and the grid which runs an
-- incident alerted about: both look deliveries up by run.
CREATE INDEX "alert_delivery_dagRunId_idx" ON "alert_delivery"("dagRunId");
