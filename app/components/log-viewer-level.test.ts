import { describe, expect, it } from 'vitest';
import { logLevelOf } from './log-viewer-level';

describe('logLevelOf', () => {
  it.each([
    ['ERROR', 'error'],
    ['ERROR something broke', 'error'],
    ['[ERROR] something broke', 'error'],
    ['[error] lower case in brackets', 'error'],
    ['[ WARN ] spaced', 'warning'],
    ['level=error msg="disk full"', 'error'],
    ['time=2026-01-01T00:00:00Z level=warning msg=slow', 'warning'],
    ['{"level":"warn","msg":"slow"}', 'warning'],
    ['{"level": "ERROR", "msg": "boom"}', 'error'],
    ['{"level":50,"msg":"pino error"}', 'error'],
    ['{"level":60,"msg":"pino fatal"}', 'error'],
    ['{"level":40,"msg":"pino warn"}', 'warning'],
    ['{"level":30,"msg":"pino info"}', null],
    ['severity: critical', 'error'],
    ['ERROR:root:Python logging at error', 'error'],
    ['WARNING:root:Python logging at warning', 'warning'],
    ['CRITICAL:airflow.task:gone', 'error'],
    ['[2026-01-01 00:00:00,000] {taskinstance.py:1234} ERROR - Task failed', 'error'],
    ['[2026-01-01 00:00:00,000] {taskinstance.py:1234} WARNING - Retrying', 'warning'],
    ['FATAL: password authentication failed', 'error'],
    ['WARN deprecated option', 'warning'],
  ] as const)('%s → %s', (line, level) => {
    expect(logLevelOf(line)).toBe(level);
  });

  it.each([
    'no error found',
    'warning: lower case prose is not a level',
    'ERRORS, NO_ERROR and WARNINGS are other words',
    'E1205 12:00:00.000 glog style is not recognised',
    'plain output',
    '',
  ])('%s → no level', (line) => {
    expect(logLevelOf(line)).toBeNull();
  });

  it('lets the first level named decide', () => {
    expect(logLevelOf('INFO:root:recovered after an ERROR')).toBeNull();
    expect(logLevelOf('[INFO] the last run had an ERROR')).toBeNull();
    expect(logLevelOf('level=info msg="WARNING was silenced"')).toBeNull();
    expect(logLevelOf('WARNING: then ERROR')).toBe('warning');
  });

  it('reads only the start of a very long line', () => {
    expect(logLevelOf(`${'x'.repeat(10_000)} ERROR`)).toBeNull();
    expect(logLevelOf(`ERROR ${'x'.repeat(1_000_000)}`)).toBe('error');
  });
});
