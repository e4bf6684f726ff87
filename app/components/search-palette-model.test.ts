import { describe, expect, it } from 'vitest';
import { groupHits, highlightSegments, hitHref, opensPalette, type TPaletteHit } from './search-palette-model';

const hit = (kind: TPaletteHit['kind'], id: string): TPaletteHit => ({
  kind, id, title: id, detail: null, field: 'name', match: { text: id, ranges: [] }, datasetId: 'ds1', dagId: 'my dag', incidentId: 'inc1',
});

describe('search palette model', () => {
  it('links each kind through the one URL builder', () => {
    expect(['dataset', 'column', 'dag', 'task', 'incident', 'postmortem'].map((kind) => hitHref('demo', hit(kind as TPaletteHit['kind'], 'x')))).toEqual([
      '/w/demo/datasets/ds1', '/w/demo/datasets/ds1', '/w/demo/dags/my%20dag', '/w/demo/dags/my%20dag', '/w/demo/incidents/inc1', '/w/demo/incidents/inc1',
    ]);
  });

  it("groups by kind in the order of each group's best hit, numbering hits in display order", () => {
    const groups = groupHits([hit('dataset', 'a'), hit('dag', 'b'), hit('dataset', 'c')]);
    expect(groups.map((group) => [group.label, group.hits.map((entry) => `${entry.hit.id}${entry.index}`)])).toEqual([
      ['Datasets', ['a0', 'c1']],
      ['DAGs', ['b2']],
    ]);
  });

  it('cuts the match into text pieces', () => {
    expect(highlightSegments({ text: 'public.course_summary', ranges: [[7, 13], [14, 21]] })).toEqual([
      { text: 'public.', matched: false }, { text: 'course', matched: true }, { text: '_', matched: false }, { text: 'summary', matched: true },
    ]);
    expect(highlightSegments({ text: '<b>x</b>', ranges: [] })).toEqual([{ text: '<b>x</b>', matched: false }]);
  });

  it.each([
    [{ key: '/' }, { tagName: 'BODY' }, true],
    [{ key: '/', defaultPrevented: true }, { tagName: 'BODY' }, false],
    [{ key: 'k', ctrlKey: true, defaultPrevented: true }, { tagName: 'BODY' }, true],
    [{ key: 'k', ctrlKey: true }, { tagName: 'A' }, true],
    [{ key: 'K', metaKey: true }, null, true],
    [{ key: 'k' }, { tagName: 'BODY' }, false],
    [{ key: '/' }, { tagName: 'INPUT' }, false],
    [{ key: 'k', ctrlKey: true }, { tagName: 'TEXTAREA' }, false],
    [{ key: '/' }, { tagName: 'DIV', isContentEditable: true }, false],
    [{ key: '/' }, { tagName: 'DIV', closest: (selector: string) => (selector === '.cm-editor' ? {} : null) }, false],
  ])('%j in %j opens: %s', (event, target, expected) => {
    expect(opensPalette({ ctrlKey: false, metaKey: false, altKey: false, ...event }, target)).toBe(expected);
  });
});
