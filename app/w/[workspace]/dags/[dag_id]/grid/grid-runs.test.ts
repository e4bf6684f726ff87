import { describe, expect, it } from 'vitest';
import { runsChoice, withRunsQuery } from './grid-runs';

describe('runsChoice', () => {
  it.each([
    ['25', 25], ['50', 50], ['100', 100], ['365', 365],
    ['99', null], ['1000', null], ['100abc', null], ['', null], [null, null], [undefined, null],
  ])('%j → %j', (value, expected) => {
    expect(runsChoice(value)).toBe(expected);
  });
});

describe('withRunsQuery', () => {
  it('adds runs to a path, beside a try and before a log line', () => {
    expect(withRunsQuery('/w/demo/dags/etl', 100)).toBe('/w/demo/dags/etl?runs=100');
    expect(withRunsQuery('/w/demo/dags/etl/runs/r%201/tasks/t?try=2#L12', 365)).toBe('/w/demo/dags/etl/runs/r%201/tasks/t?try=2&runs=365#L12');
  });

  it('leaves the URL alone without a choice', () => {
    expect(withRunsQuery('/w/demo/dags/etl?try=2', null)).toBe('/w/demo/dags/etl?try=2');
  });
});
