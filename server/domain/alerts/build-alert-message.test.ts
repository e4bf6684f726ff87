import { describe, expect, it } from 'vitest';
import { buildAlertMessage, buildDigestMessage, type TAlertFacts } from './build-alert-message';

const facts: TAlertFacts = {
  kind: 'failure',
  workspace: { slug: 'acme', name: 'Acme Data' },
  dagId: 'orders',
  taskId: 'load',
  runId: 'scheduled__2026-12-01T00:00:00+00:00',
  logicalDate: new Date('2026-12-01T00:00:00Z'),
  tryNumber: 3,
  maxTries: 3,
  durationSeconds: 8040,
  owner: 'alice@example.com',
  ownerSlackUserId: 'U123',
  logTail: Array.from({ length: 30 }, (_, i) => `line ${i + 1}`),
  logLineCount: 30,
  incidentId: 'inc1',
  recoveredAfterSeconds: null,
  errorMessage: 'Command exited with code 3',
  dedupeKey: 'failure:acme:orders:load:scheduled__2026-12-01T00:00:00+00:00:3',
  publicUrl: 'https://tributary.example.com',
};

describe('buildAlertMessage', () => {
  const message = buildAlertMessage(facts);

  it('names the workspace, DAG, task, logical date, try n of m, duration and owner', () => {
    expect(message.title).toBe('❌ orders.load failed (try 3 of 3) · Acme Data');
    expect(message.fields).toEqual([
      { label: 'Workspace', value: 'Acme Data' },
      { label: 'DAG', value: 'orders' },
      { label: 'Task', value: 'load' },
      { label: 'Logical date', value: '2026-12-01T00:00:00.000Z' },
      { label: 'Try', value: '3 of 3' },
      { label: 'Duration', value: '2h 14m' },
      { label: 'Owner', value: 'alice@example.com' },
    ]);
    expect(message.mentionSlackUserId).toBe('U123');
  });

  it('carries the last 20 log lines and links to that try’s last log line and to the incident', () => {
    expect(message.logTail).toEqual(Array.from({ length: 20 }, (_, i) => `line ${i + 11}`));
    expect(message.links).toEqual([
      { label: 'Log', url: 'https://tributary.example.com/w/acme/dags/orders/runs/scheduled__2026-12-01T00%3A00%3A00%2B00%3A00/tasks/load?try=3#L30' },
      { label: 'Incident', url: 'https://tributary.example.com/w/acme/incidents/inc1' },
    ]);
  });

  it('has a plain-text form that says it all (what a phone notification shows)', () => {
    expect(message.text.split('\n').slice(0, 2)).toEqual(['❌ orders.load failed (try 3 of 3) · Acme Data', 'Command exited with code 3']);
    expect(message.text).toContain('Incident: https://tributary.example.com/w/acme/incidents/inc1');
  });

  it('says how long a recovery took', () => {
    const recovery = buildAlertMessage({ ...facts, kind: 'recovery', taskId: null, tryNumber: null, maxTries: null, recoveredAfterSeconds: 8040 });
    expect(recovery.title).toBe('✅ orders recovered after 2h 14m · Acme Data');
    expect(recovery.links[0]).toEqual({ label: 'Run', url: 'https://tributary.example.com/w/acme/dags/orders/runs/scheduled__2026-12-01T00%3A00%3A00%2B00%3A00' });
  });

  const catalogFacts = { ...facts, taskId: null, runId: null, logicalDate: null, tryNumber: null, maxTries: null, durationSeconds: null, incidentId: null, logTail: [], logLineCount: 0 };
  const dataset = { id: 'ds1', name: 'warehouse.public.orders' };

  it('says a deprecated dataset is read by the DAG, with the note and a link to the dataset', () => {
    const deprecation = buildAlertMessage({ ...catalogFacts, kind: 'deprecation', dataset, errorMessage: 'Note: use orders_v2' });
    expect(deprecation.text.split('\n').slice(0, 2)).toEqual(['⚠️ warehouse.public.orders is deprecated — read by orders · Acme Data', 'Note: use orders_v2']);
    expect(deprecation.links).toEqual([{ label: 'Dataset', url: 'https://tributary.example.com/w/acme/datasets/ds1' }]);
  });

  it('asks whether a dataset whose review is due is still needed', () => {
    const review = buildAlertMessage({ ...catalogFacts, kind: 'review', dataset, errorMessage: 'Requested by bob (reason: finance report), review was due 2026-12-01.' });
    expect(review.title).toBe('📋 Is warehouse.public.orders still needed? · Acme Data');
    expect(review.fields).toContainEqual({ label: 'Dataset', value: 'warehouse.public.orders' });
    expect(review.links).toEqual([{ label: 'Dataset', url: 'https://tributary.example.com/w/acme/datasets/ds1' }]);
  });
});

describe('buildDigestMessage', () => {
  it('lists every failure it stands for in one message', () => {
    const items = Array.from({ length: 40 }, (_, i) => ({ dagId: 'orders', taskId: 'load', runId: `backfill__${i}`, tryNumber: 1, logUrl: null }));
    const digest = buildDigestMessage({ workspace: facts.workspace, target: 'oncall', items, dedupeKey: 'digest:1', publicUrl: facts.publicUrl });
    expect(digest.title).toBe('⚠️ 40 more failures in orders · Acme Data');
    expect(digest.items).toHaveLength(40);
    expect(digest.text).toContain('orders.load backfill__39 try 1');
  });
});
