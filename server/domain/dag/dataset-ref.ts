import { z } from 'zod';
import { ZTableRefSchema } from './task-configs';

const SHORT_FORM = /^([^.\s]+)\.(\S+)$/;
const FORMS = "write a dataset as 'conn_id.table' (like warehouse.public.course) or {conn_id, table}";

/**
 * A dataset a task reads or writes, for the data catalog: a table behind a connection.
 * Written `{conn_id: warehouse, table: public.course}` or, for short, `warehouse.public.course`
 * (the first dotted part is the connection, the rest the table).
 */
export const ZDatasetRefSchema = z
  .union([z.string().regex(SHORT_FORM, { error: (issue) => `'${String(issue.input)}' is not a dataset: ${FORMS}` }), ZTableRefSchema], {
    error: `expected a dataset: ${FORMS}`,
  })
  .transform((ref) => {
    if (typeof ref !== 'string') return ref;
    const [, conn_id = '', table = ''] = SHORT_FORM.exec(ref) ?? [];
    return { conn_id, table };
  });

export type TDatasetRef = z.output<typeof ZDatasetRefSchema>;
