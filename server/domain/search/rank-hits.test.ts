import { describe, expect, it } from 'vitest';
import { rankHits, type TRankable } from './rank-hits';

const hit = (id: string, field: TRankable['field'], score: number, kind: TRankable['kind'] = 'dataset'): TRankable => ({ kind, id, field, score, title: id });

describe('rankHits', () => {
  it('puts name matches above description matches whatever their scores', () => {
    const ranked = rankHits([hit('described', 'description', 0.99), hit('named', 'name', 0.3), hit('column', 'column', 0.9, 'column')], 10);
    expect(ranked.map((h) => h.id)).toEqual(['named', 'column', 'described']);
  });

  it('keeps one hit per kind and id, its best field', () => {
    const ranked = rankHits([hit('a', 'description', 1), hit('a', 'name', 0.5), hit('a', 'name', 0.8, 'dag')], 10);
    expect(ranked.map((h) => [h.kind, h.field, h.score])).toEqual([['dag', 'name', 0.8], ['dataset', 'name', 0.5]]);
  });

  it('orders by score within a tier, then by title, and cuts at the limit', () => {
    const ranked = rankHits([hit('b', 'name', 0.5), hit('a', 'name', 0.5), hit('c', 'name', 0.9), hit('d', 'name', 0.1)], 3);
    expect(ranked.map((h) => h.id)).toEqual(['c', 'a', 'b']);
  });
});
