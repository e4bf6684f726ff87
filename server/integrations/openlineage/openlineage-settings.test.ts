import { afterEach, describe, expect, it } from 'vitest';
import { env, resetEnvCache } from '../../env';
import { openLineageSettings } from './emit-openlineage-event';

const NAMES = ['OPENLINEAGE_URL', 'OPENLINEAGE_API_KEY', 'OPENLINEAGE_NAMESPACE'] as const;
const saved = Object.fromEntries(NAMES.map((name) => [name, process.env[name]]));

function settingsWith(values: Partial<Record<(typeof NAMES)[number], string>>) {
  for (const name of NAMES) delete process.env[name];
  Object.assign(process.env, values);
  resetEnvCache();
  return openLineageSettings(env());
}

describe('openLineageSettings from the environment', () => {
  afterEach(() => {
    for (const name of NAMES) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    resetEnvCache();
  });

  it.each<[string, Partial<Record<(typeof NAMES)[number], string>>, ReturnType<typeof openLineageSettings>]>([
    ['unset sends nothing', {}, null],
    ['empty, as compose passes ${OPENLINEAGE_URL:-}, sends nothing', { OPENLINEAGE_URL: '', OPENLINEAGE_API_KEY: '' }, null],
    ['a URL loses its trailing slash; no key, no header', { OPENLINEAGE_URL: 'http://marquez:5000/' }, { url: 'http://marquez:5000', apiKey: null, namespaceTemplate: 'tributary/{workspace}' }],
    ['a key and a namespace are taken as set', { OPENLINEAGE_URL: 'https://lineage.example.com/ol', OPENLINEAGE_API_KEY: 'k1', OPENLINEAGE_NAMESPACE: 'prod/{workspace}' }, { url: 'https://lineage.example.com/ol', apiKey: 'k1', namespaceTemplate: 'prod/{workspace}' }],
  ])('%s', (_name, values, expected) => {
    expect(settingsWith(values)).toEqual(expected);
  });

  it('refuses a URL that is not http(s), naming the variable', () => {
    expect(() => settingsWith({ OPENLINEAGE_URL: 'marquez:5000' })).toThrow(/OPENLINEAGE_URL: must be an http:\/\/ or https:\/\/ URL/);
  });
});
