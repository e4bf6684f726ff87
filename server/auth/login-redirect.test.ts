import { describe, expect, it } from 'vitest';
import { loginHref, returnPathOf } from './login-redirect';

describe('the login redirect of a signed-out visitor', () => {
  it('carries the path and query of the page they opened', () => {
    const url = new URL('http://localhost/w/demo/dags/etl/runs/manual__1/tasks/load?try=2&_rsc=abc');
    expect(returnPathOf(url)).toBe('/w/demo/dags/etl/runs/manual__1/tasks/load?try=2');
    expect(returnPathOf(new URL('http://localhost/w/demo/dags?_rsc=1'))).toBe('/w/demo/dags');
    expect(loginHref('/w/demo/dags/etl/runs/manual__1/tasks/load?try=2')).toBe(
      '/login?callbackUrl=%2Fw%2Fdemo%2Fdags%2Fetl%2Fruns%2Fmanual__1%2Ftasks%2Fload%3Ftry%3D2',
    );
  });

  it('never sends them to another site', () => {
    for (const path of ['//evil.example/w/demo', 'https://evil.example/', '/\\evil.example', null, undefined, '']) {
      expect(loginHref(path)).toBe('/login');
    }
  });
});
