import { runScriptFunction } from './script-function';
import type { TTaskType } from './task-type';

/**
 * Runs `code`, the body of an async TypeScript or JavaScript function receiving the template
 * context as `context`, like Airflow's PythonOperator runs a callable; its return value becomes
 * the task's output. JavaScript is valid TypeScript, so the body is always type-stripped.
 */
export const scriptTask: TTaskType<'script'> = {
  type: 'script',
  async run(ctx) {
    ctx.log.system('Running script in a node subprocess');
    const output = await runScriptFunction(ctx, {
      code: ctx.config.code,
      argName: 'context',
      argValue: ctx.templateContext,
      filename: 'script.ts',
      typescript: true,
    });
    ctx.log.system('Script returned');
    return output === undefined ? {} : { output };
  },
};
