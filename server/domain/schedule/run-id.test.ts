import { describe, expect, it } from 'vitest';
import { runIdFor } from './run-id';

describe('runIdFor', () => {
  it('writes a whole second as Airflow does, without a fraction', () => {
    expect(runIdFor('scheduled', new Date('2024-01-01T00:00:00Z'))).toBe('scheduled__2024-01-01T00:00:00+00:00');
    expect(runIdFor('backfill', new Date('2024-03-10T23:59:59.000Z'))).toBe('backfill__2024-03-10T23:59:59+00:00');
  });

  it('keeps the fraction of a second, in microseconds as Python’s isoformat() writes it', () => {
    expect(runIdFor('manual', new Date('2026-12-06T05:46:53.120Z'))).toBe('manual__2026-12-06T05:46:53.120000+00:00');
    expect(runIdFor('dataset_triggered', new Date('2026-12-06T05:46:53.001Z'))).toBe('dataset_triggered__2026-12-06T05:46:53.001000+00:00');
  });

  it('gives two instants within one second two run ids', () => {
    expect(runIdFor('manual', new Date('2026-12-06T05:46:53.100Z'))).not.toBe(runIdFor('manual', new Date('2026-12-06T05:46:53.900Z')));
  });
});
