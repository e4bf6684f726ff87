import { describe, expect, it } from 'vitest';
import { ZDagSpecSchema, ZDefaultArgsSchema, ZTaskSpecSchema } from './dag-spec';

const messages = (result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }) =>
  result.error?.issues.map((issue) => [issue.path.join('.'), issue.message]) ?? [];

describe('ZTaskSpecSchema', () => {
  it('splits the type-specific fields into config', () => {
    expect(ZTaskSpecSchema.parse({ task_id: 'a', type: 'bash', bash_command: 'date', retries: 1, depends_on: 'b' })).toEqual({
      task_id: 'a',
      type: 'bash',
      depends_on: ['b'],
      trigger_rule: 'all_success',
      retries: 1,
      pool_slots: 1,
      inputs: [],
      outputs: [],
      config: { bash_command: 'date', env: {} },
    });
  });

  it.each([
    [{ task_id: 'a', type: 'empty', sql: 'x' }, [['', "unknown field 'sql'"]]],
    [{ task_id: 'a', type: 'sql', conn_id: 'w', sql: 'x', sqll: 'y' }, [['', "unknown field 'sqll' (did you mean 'sql'?)"]]],
    [{ task_id: 'a b', type: 'empty' }, [['task_id', "task_id may contain only letters, digits, '_', '.' and '-'"]]],
    [{ task_id: 'a', type: 'empty', depends_on: [1] }, [['depends_on', 'expected a task id or a list of task ids']]],
    [{ task_id: 'a', type: 'empty', retry_delay: '1x' }, [['retry_delay', "'1x' is not a duration: use seconds or forms like 30s, 5m, 1h30m, PT5M"]]],
    [{ task_id: 'a', type: 'empty', email: 'ops@example.com', pool_slots: 0 }, [['pool_slots', 'Too small: expected number to be >=1']]],
  ])('refuses %j', (task, expected) => {
    expect(messages(ZTaskSpecSchema.safeParse(task))).toEqual(expected);
  });
});

describe('ZDefaultArgsSchema', () => {
  it.each([
    [{}, { retries: 0, retry_delay: 300, retry_exponential_backoff: false, email: [], depends_on_past: false, pool: 'default_pool' }],
    [
      { owner: 'ops', retries: 3, retry_delay: '1m', max_retry_delay: 'PT1H', execution_timeout: 90, email: 'a@b.test' },
      { owner: 'ops', retries: 3, retry_delay: 60, retry_exponential_backoff: false, max_retry_delay: 3600, execution_timeout: 90, email: ['a@b.test'], depends_on_past: false, pool: 'default_pool' },
    ],
  ])('reads %j', (input, output) => {
    expect(ZDefaultArgsSchema.parse(input)).toEqual(output);
  });
});

describe('ZDagSpecSchema', () => {
  const task = { task_id: 'a', type: 'empty' };

  it.each([
    [{ dag_id: 'x'.repeat(251), tasks: [task] }, [['dag_id', 'dag_id is longer than 250 characters']]],
    [{ dag_id: 'd', tasks: [task], schedule: '' }, [['schedule', 'schedule must not be empty: leave it out or write null']]],
    [{ dag_id: 'd', tasks: [task], timetable: 'cron' }, [['timetable', "unknown timetable 'cron' (expected one of: interval, trigger)"]]],
    [{ dag_id: 'd', tasks: [task], flow: [1] }, [['flow', 'flow must be a list of lines like "a >> [b, c] >> d"']]],
    [{ dag_id: 'd', tasks: [task], timezone: 'Moon/Base' }, [['timezone', "Unknown time zone 'Moon/Base': use an IANA name such as 'UTC' or 'Europe/Amsterdam'"]]],
  ])('refuses %j', (spec, expected) => {
    expect(messages(ZDagSpecSchema.safeParse(spec))).toEqual(expected);
  });

  it('takes a schedule of null as manual only, and YAML Dates as dates', () => {
    const spec = ZDagSpecSchema.parse({ dag_id: 'd', tasks: [task], schedule: null, start_date: new Date('2024-05-01T00:00:00Z') });
    expect([spec.schedule, spec.start_date]).toEqual([null, '2024-05-01']);
  });
});

describe("a task's group", () => {
  it('is an optional label kept beside the shared fields, not in config', () => {
    const task = ZTaskSpecSchema.parse({ task_id: 'extract_orders', type: 'empty', group: ' extract ' });
    expect(task).toMatchObject({ task_id: 'extract_orders', group: 'extract', config: {} });
    expect(ZTaskSpecSchema.parse({ task_id: 'a', type: 'empty' }).group).toBeUndefined();
  });

  it.each([
    [{ task_id: 'a', type: 'empty', group: '' }, [['group', 'group must not be empty']]],
    [{ task_id: 'a', type: 'empty', group: 3 }, [['group', 'group must be a string']]],
    [{ task_id: 'a', type: 'empty', group: 'g'.repeat(101) }, [['group', 'group is longer than 100 characters']]],
    [{ task_id: 'a', type: 'empty', grup: 'x' }, [['', "unknown field 'grup' (did you mean 'group'?)"]]],
  ])('refuses %j', (task, expected) => {
    expect(messages(ZTaskSpecSchema.safeParse(task))).toEqual(expected);
  });
});
