import { z } from 'zod';

/**
 * What cli/airflow-import/read_dags.py prints for each Airflow file: Python's own parser read
 * it, nothing ran. A value is a literal where the source wrote one, otherwise a described call,
 * name, list, mapping or expression, each with its line, so the converter can map what it
 * understands and report the rest where it stands.
 */
export type TPyValue =
  | { lit: unknown; text?: string }
  | { name: string; line: number; text?: string }
  | { call: string; args: TPyValue[]; kwargs: Record<string, TPyValue>; line: number; text: string }
  | { list: TPyValue[]; line: number; text?: string }
  | { dict: Record<string, TPyValue>; line: number; text?: string }
  | { expr: string; line: number; text?: string }
  | { task: string; index?: string | number };

export const ZPyValueSchema: z.ZodType<TPyValue> = z.lazy(() =>
  z.union([
    z.object({ lit: z.unknown(), text: z.string().optional() }).refine((value) => 'lit' in value),
    z.object({ name: z.string(), line: z.number(), text: z.string().optional() }),
    z.object({ call: z.string(), args: z.array(ZPyValueSchema), kwargs: z.record(z.string(), ZPyValueSchema), line: z.number(), text: z.string() }),
    z.object({ list: z.array(ZPyValueSchema), line: z.number(), text: z.string().optional() }),
    z.object({ dict: z.record(z.string(), ZPyValueSchema), line: z.number(), text: z.string().optional() }),
    z.object({ expr: z.string(), line: z.number(), text: z.string().optional() }),
    z.object({ task: z.string(), index: z.union([z.string(), z.number()]).optional() }),
  ]),
);

const ZKwargsSchema = z.record(z.string(), ZPyValueSchema);

/** A module-level def or constant carried into a converted function, with its source. */
const ZCarriedSchema = z.object({ name: z.string(), line: z.number(), source: z.string() });

const ZOperatorTaskSchema = z.object({
  key: z.string(),
  line: z.number(),
  dag: z.number().nullable(),
  operator: z.string(),
  qualified: z.string(),
  kwargs: ZKwargsSchema,
  args: z.array(ZPyValueSchema),
  text: z.string(),
});

const ZTaskflowTaskSchema = z.object({
  key: z.string(),
  line: z.number(),
  dag: z.number().nullable(),
  /** `@task`, `@task.bash`, `@task.virtualenv`...: the decorator as written after the `@`. */
  operator: z.string().startsWith('@'),
  function: z.string(),
  decorator: ZKwargsSchema,
  call_args: z.array(ZPyValueSchema),
  call_kwargs: ZKwargsSchema,
  text: z.string(),
});

export const ZAirflowFileSchema = z.union([
  z.object({
    path: z.string(),
    error: z.object({ message: z.string(), line: z.number().nullable(), column: z.number().nullable() }),
  }),
  z.object({
    path: z.string(),
    functions: z.record(
      z.string(),
      // `imports`: the file's top-level import statements (Airflow's left out), cut to the names the function and its helpers use.
      // `helpers`/`constants`: the module-level defs and literal constants it reads, transitively; `unresolved`: helpers that
      // read something else of the file or Airflow's, left behind.
      z.object({
        source: z.string(),
        imports: z.array(z.string()),
        line: z.number(),
        params: z.array(z.string()),
        helpers: z.array(ZCarriedSchema).default([]),
        constants: z.array(ZCarriedSchema).default([]),
        unresolved: z.array(z.object({ name: z.string(), line: z.number(), reads: z.array(z.string()) })).default([]),
      }),
    ),
    dags: z.array(
      z.object({
        index: z.number(),
        form: z.enum(['with', 'assign', 'decorator']),
        line: z.number(),
        args: z.array(ZPyValueSchema),
        kwargs: ZKwargsSchema,
        docstring: z.string().optional(),
      }),
    ),
    tasks: z.array(z.union([ZTaskflowTaskSchema, ZOperatorTaskSchema])),
    edges: z.array(z.object({ from: z.string(), to: z.string(), line: z.number() })),
    notes: z.array(z.object({ line: z.number(), what: z.string(), message: z.string(), text: z.string() })),
  }),
]);

export const ZAirflowReadSchema = z.object({ files: z.array(ZAirflowFileSchema) });

export type TAirflowFile = z.output<typeof ZAirflowFileSchema>;
export type TAirflowReadFile = Extract<TAirflowFile, { dags: unknown }>;
export type TAirflowDag = TAirflowReadFile['dags'][number];
export type TAirflowTask = TAirflowReadFile['tasks'][number];
export type TOperatorTask = z.output<typeof ZOperatorTaskSchema>;
export type TTaskflowTask = z.output<typeof ZTaskflowTaskSchema>;
export type TPyFunction = TAirflowReadFile['functions'][string];

export const isTaskflowTask = (task: TAirflowTask): task is TTaskflowTask => task.operator.startsWith('@');

/** One line of the import report: what became of a DAG, a task, an argument or a statement. */
export type TImportReportEntry = {
  file: string;
  line: number | null;
  status: 'converted' | 'not_converted' | 'note';
  /** The Airflow thing (`BashOperator print_date`, `DAG HelloWorld`, `retry_delay`). */
  subject: string;
  message: string;
  /** For what is not converted: the python or bash task to write instead. */
  suggestion?: string;
};
