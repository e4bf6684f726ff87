import { describe, expect, it } from 'vitest';
import { filterFromSearch, isFiltered, queryOfFilter, searchOfFilter } from './audit-filter-url';

const EMPTY = { actor: '', action: '', dag: '', from: '', to: '' };

describe('the audit filter in the URL', () => {
  it('reads every part and drops a malformed day', () => {
    const search = new URLSearchParams('actor=a%40b.c&action=dag.pause&dag=orders&from=2026-12-01&to=yesterday');
    expect(filterFromSearch(search)).toEqual({ actor: 'a@b.c', action: 'dag.pause', dag: 'orders', from: '2026-12-01', to: '' });
  });

  it('writes only the parts given, and reads back what it wrote', () => {
    const filter = { ...EMPTY, dag: 'daily orders', to: '2026-12-05' };
    expect(searchOfFilter(filter)).toBe('?dag=daily+orders&to=2026-12-05');
    expect(filterFromSearch(new URLSearchParams(searchOfFilter(filter)))).toEqual(filter);
    expect(searchOfFilter(EMPTY)).toBe('');
    expect(isFiltered(EMPTY)).toBe(false);
    expect(isFiltered(filter)).toBe(true);
  });

  it("turns days into the viewer's local midnights, `to` inclusive of its day", () => {
    const query = queryOfFilter({ ...EMPTY, from: '2026-12-01', to: '2026-12-01', dag: 'orders' });
    expect(query.dagId).toBe('orders');
    expect(new Date(query.from!).getTime()).toBe(new Date(2026, 11, 1).getTime());
    expect(new Date(query.to!).getTime()).toBe(new Date(2026, 11, 2).getTime());
    expect(queryOfFilter(EMPTY)).toEqual({});
  });
});
