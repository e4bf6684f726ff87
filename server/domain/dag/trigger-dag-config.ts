import { z } from 'zod';
import { DAG_RUN_STATES } from '../state/dag-run-transitions';
import { ZDurationSchema } from './duration-schema';
import { oneOfSchema } from './one-of-schema';

const ZNonEmptyStringSchema = z.string().min(1, 'must not be empty');
const ZRunStatesSchema = z.array(oneOfSchema('DAG run state', DAG_RUN_STATES), { error: 'expected a list of DAG run states' }).min(1, 'list at least one state');

/**
 * Airflow's TriggerDagRunOperator, with its argument names: triggers a manual run of another
 * DAG of the same workspace (or of this one), optionally waiting for it to finish. The ids,
 * `logical_date` and `conf`'s values are templated; `logical_date` is read at run time (a
 * template renders to text), by default the moment of the trigger, as Airflow's.
 */
export const ZTriggerDagConfigSchema = z
  .object({
    trigger_dag_id: ZNonEmptyStringSchema,
    trigger_run_id: ZNonEmptyStringSchema.optional(),
    conf: z.record(z.string(), z.unknown(), { error: 'conf must be a mapping' }).default({}),
    logical_date: ZNonEmptyStringSchema.optional(),
    /** A run that exists already (same run id or logical date) is cleared and runs again, instead of failing the task. */
    reset_dag_run: z.boolean().default(false),
    wait_for_completion: z.boolean().default(false),
    poke_interval: ZDurationSchema.refine((seconds) => seconds > 0, 'poke_interval must be longer than 0 seconds').default(60),
    allowed_states: ZRunStatesSchema.default(['success']),
    failed_states: ZRunStatesSchema.default(['failed']),
    /** A run that exists already skips the task instead of failing it (unless reset_dag_run clears it). */
    skip_when_already_exists: z.boolean().default(false),
  })
  .superRefine((config, ctx) => {
    const both = config.allowed_states.filter((state) => config.failed_states.includes(state));
    if (both.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['failed_states'], message: `${both.join(', ')} cannot be both an allowed and a failed state` });
    }
  });

export type TTriggerDagConfig = z.output<typeof ZTriggerDagConfigSchema>;
