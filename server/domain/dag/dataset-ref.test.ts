import { describe, expect, it } from 'vitest';
import { ZDatasetRefSchema } from './dataset-ref';

const FORMS = "write a dataset as 'conn_id.table' (like warehouse.public.course) or {conn_id, table}";

describe('ZDatasetRefSchema', () => {
  it.each([
    ['warehouse.public.course', { conn_id: 'warehouse', table: 'public.course' }],
    ['crm.users', { conn_id: 'crm', table: 'users' }],
    [{ conn_id: 'warehouse', table: 'public.course' }, { conn_id: 'warehouse', table: 'public.course' }],
  ])('reads %j', (input, ref) => {
    expect(ZDatasetRefSchema.parse(input)).toEqual(ref);
  });

  it.each([
    ['course', `'course' is not a dataset: ${FORMS}`],
    ['.course', `'.course' is not a dataset: ${FORMS}`],
    [42, `expected a dataset: ${FORMS}`],
  ])('refuses %j', (input, message) => {
    expect(ZDatasetRefSchema.safeParse(input).error?.issues.map((issue) => issue.message)).toEqual([message]);
  });
});
