import { describe, expect, it } from 'vitest';
import { openLineageUriName, s3DatasetUri } from './dataset-name';

describe('S3 datasets (OpenLineage: namespace s3://bucket, name the key)', () => {
  it.each([
    ['a key', 'lake', 'exports/course_stats.csv', 's3://lake/exports/course_stats.csv'],
    ['a glob: its fixed prefix', 'lake', 'events/*.jsonl', 's3://lake/events/'],
    ['an s3:// key', undefined, 's3://lake/logs/2024/**/x.csv', 's3://lake/logs/2024/'],
    ['a glob at the root: the bucket', 'lake', '*.csv', 's3://lake/'],
    ['a templated key: no dataset', 'lake', 'events/{{ ds }}/*.jsonl', null],
    ['a templated bucket: no dataset', '{{ var.bucket }}', 'a.csv', null],
    ['no bucket at all: no dataset', undefined, 'a.csv', null],
  ])('%s', (_, bucket, key, expected) => {
    expect(s3DatasetUri(bucket, key)).toBe(expected);
  });

  it('names the URI as OpenLineage does', () => {
    expect(openLineageUriName('s3://lake/events/')).toEqual({ ok: true, value: { namespace: 's3://lake', name: 'events/' } });
    expect(openLineageUriName('s3://lake/exports/a.csv')).toEqual({ ok: true, value: { namespace: 's3://lake', name: 'exports/a.csv' } });
  });
});
