import { describe, expect, it } from 'vitest';
import { csvField, impactCsv } from './impact-csv';

describe('impact CSV', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=cmd()', "'=cmd()"],
    ['@team', "'@team"],
    [null, ''],
    [3, '3'],
  ] as const)('writes %j as %s', (value, text) => {
    expect(csvField(value)).toBe(text);
  });

  it('writes a header and one CRLF line per row', () => {
    const csv = impactCsv([
      { depth: 1, kind: 'task', name: 'b.refine', datasetId: null, dagId: 'b', taskId: 'refine', owner: 'ana' },
      { depth: 1, kind: 'dataset', name: 'wh.public.t', datasetId: 'd1', dagId: null, taskId: null, owner: null },
    ]);
    expect(csv).toBe('depth,kind,name,dag_id,task_id,dataset_id,owner\r\n1,task,b.refine,b,refine,,ana\r\n1,dataset,wh.public.t,,,d1,\r\n');
  });
});
