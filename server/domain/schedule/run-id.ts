export type TRunType = 'scheduled' | 'manual' | 'backfill' | 'dataset_triggered';

/**
 * Airflow's run id for a logical date: `scheduled__2024-01-01T00:00:00+00:00`, the date as
 * Python's isoformat() writes it, so with the fraction of a second when there is one
 * (`manual__2024-01-01T10:00:00.123000+00:00`). Two manual triggers within one second have
 * different logical dates, and so different run ids.
 */
export function runIdFor(runType: TRunType, logicalDate: Date): string {
  const iso = logicalDate.toISOString();
  const millis = iso.slice(20, 23);
  return `${runType}__${iso.slice(0, 19)}${millis === '000' ? '' : `.${millis}000`}+00:00`;
}
