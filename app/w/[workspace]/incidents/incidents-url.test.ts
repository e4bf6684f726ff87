import { describe, expect, it } from 'vitest';
import { incidentsHref, parseIncidentFilters } from './incidents-url';

const parse = (query: string) => parseIncidentFilters(new URLSearchParams(query));

describe('the incidents list URL', () => {
  it.each([
    [{}, '/w/demo/incidents'],
    [{ dagId: 'etl_daily', state: 'open' }, '/w/demo/incidents?dag_id=etl_daily&state=open'],
    [{ q: 'disk full', page: '2' }, '/w/demo/incidents?q=disk+full&page=2'],
    [{ pending: '1', from: '2026-03-01' }, '/w/demo/incidents?from=2026-03-01&postmortem_pending=1'],
  ])('writes %j as %s', (filters, href) => {
    expect(incidentsHref('demo', filters)).toBe(href);
  });

  it('reads back what it writes, as the list query input', () => {
    const { input, page, problems } = parse('dag_id=etl_daily&state=acknowledged&q=timeout&from=2026-03-01&to=2026-03-31&postmortem_pending=1&page=3');
    expect(problems).toEqual([]);
    expect(page).toBe(3);
    expect(input).toEqual({
      dagId: 'etl_daily', state: 'acknowledged', q: 'timeout', postmortemPending: true,
      // `to` takes in its whole day.
      from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z', limit: 25, offset: 50,
    });
  });

  it.each([
    ['state=broken', "state: 'broken' is not an incident state (open, acknowledged, resolved)."],
    ['from=yesterday', "from: 'yesterday' is not a date like 2026-03-10."],
    ['to=2026-02-30', "to: '2026-02-30' is not a date like 2026-03-10."],
    ['page=0', "page: '0' is not a page number."],
  ])('ignores %s and says why', (query, problem) => {
    const { input, problems } = parse(query);
    expect(problems).toEqual([problem]);
    expect(input).toEqual({ dagId: undefined, q: undefined, limit: 25, offset: 0 });
  });
});
