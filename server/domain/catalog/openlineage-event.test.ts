import { describe, expect, it } from 'vitest';
import { buildOpenLineageRunEvent, openLineageNamespace, type TTaskAttemptLineage } from './openlineage-event';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PRODUCER = 'https://github.com/tributary/tributary/tree/0.1.0';

const attempt: TTaskAttemptLineage = {
  eventType: 'START',
  eventTime: new Date('2026-12-05T10:00:00.000Z'),
  attemptId: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  dagRunId: '0193a1b2-0000-7000-8000-000000000001',
  dagId: 'orders',
  taskId: 'build',
  namespace: 'tributary/acme',
  producer: PRODUCER,
  errorMessage: null,
  datasets: [
    { direction: 'read', namespace: 'postgres://db:5432', olName: 'wh.public.orders', columns: [{ name: 'id', dataType: 'integer', description: null }, { name: 'total', dataType: 'numeric', description: 'in cents' }] },
    { direction: 'read', namespace: 'postgres://db:5432', olName: 'wh.public.orders', columns: [] },
    { direction: 'read', namespace: null, olName: null, columns: [] },
    { direction: 'write', namespace: 'postgres://db:5432', olName: 'wh.public.orders_daily', columns: [] },
  ],
};

describe('buildOpenLineageRunEvent', () => {
  it.each(['START', 'COMPLETE', 'FAIL'] as const)('gives a %s event every field the spec requires', (eventType) => {
    const event = buildOpenLineageRunEvent({ ...attempt, eventType });
    // RunEvent (BaseEvent): eventTime, producer, schemaURL; run.runId a UUID; job.namespace and job.name.
    expect(event).toMatchObject({ eventType, eventTime: '2026-12-05T10:00:00.000Z', producer: PRODUCER });
    expect(event.schemaURL).toBe('https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent');
    expect(event.run.runId).toMatch(UUID);
    expect(event.job).toEqual({ namespace: 'tributary/acme', name: 'orders.build', facets: {} });
    for (const dataset of [...event.inputs, ...event.outputs]) {
      expect(dataset.namespace).not.toBe('');
      expect(dataset.name).not.toBe('');
    }
  });

  it('makes the DAG run the parent run, with the DAG as its job, and every facet names its producer and schema', () => {
    const { parent } = buildOpenLineageRunEvent(attempt).run.facets;
    expect(parent).toEqual({
      _producer: PRODUCER,
      _schemaURL: 'https://openlineage.io/spec/facets/1-1-0/ParentRunFacet.json#/$defs/ParentRunFacet',
      job: { namespace: 'tributary/acme', name: 'orders' },
      run: { runId: attempt.dagRunId },
    });
  });

  it('lists reads as inputs and writes as outputs, each dataset once, leaving out one with no namespace', () => {
    const event = buildOpenLineageRunEvent(attempt);
    expect(event.inputs.map((dataset) => [dataset.namespace, dataset.name])).toEqual([['postgres://db:5432', 'wh.public.orders']]);
    expect(event.outputs.map((dataset) => [dataset.namespace, dataset.name])).toEqual([['postgres://db:5432', 'wh.public.orders_daily']]);
  });

  it('gives a schema facet only where the columns are known', () => {
    const event = buildOpenLineageRunEvent(attempt);
    expect(event.inputs[0]!.facets.schema).toEqual({
      _producer: PRODUCER,
      _schemaURL: 'https://openlineage.io/spec/facets/1-1-1/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet',
      fields: [{ name: 'id', type: 'integer' }, { name: 'total', type: 'numeric', description: 'in cents' }],
    });
    expect(event.outputs[0]!.facets).toEqual({});
  });

  it.each<[string, Partial<TTaskAttemptLineage>, string | undefined]>([
    ['a failure carries its error', { eventType: 'FAIL', errorMessage: 'relation "nope" does not exist' }, 'relation "nope" does not exist'],
    ['a long error is cut', { eventType: 'FAIL', errorMessage: 'x'.repeat(5000) }, `${'x'.repeat(1999)}…`],
    ['a success carries none', { eventType: 'COMPLETE', errorMessage: 'ignored' }, undefined],
    ['a failure without a message carries none', { eventType: 'FAIL', errorMessage: null }, undefined],
  ])('%s', (_name, change, message) => {
    expect(buildOpenLineageRunEvent({ ...attempt, ...change }).run.facets.errorMessage?.message).toBe(message);
  });
});

describe('openLineageNamespace', () => {
  it.each([
    ['tributary/{workspace}', 'acme', 'tributary/acme'],
    ['prod', 'acme', 'prod'],
    ['{workspace}@eu/{workspace}', 'acme', 'acme@eu/acme'],
  ])('%s for %s is %s', (template, slug, namespace) => {
    expect(openLineageNamespace(template, slug)).toBe(namespace);
  });
});
