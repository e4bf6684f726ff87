import { apiPath } from '../api-client';
import { ZBackfillSchema, ZDagSchema, type TBackfillView } from '../api-schemas';
import { CliError } from '../cli-error';
import { formatTable, type TOutput } from '../output';
import { describeProgress, followBackfill } from './backfill-progress';
import { connect, type TServerCommandOptions } from './connect';

type TBackfillOptions = TServerCommandOptions & {
  startDate: string;
  endDate: string;
  reprocess: 'none' | 'failed' | 'completed';
  maxActiveRuns?: number;
  runBackwards?: boolean;
  dryRun?: boolean;
};

const POLL_MS = 1000;
/** The shell's convention for a command ended by Ctrl-C. */
const INTERRUPTED_EXIT = 130;

/** `dags backfill`: a dry run prints the plan; a real one is followed until it ends. */
export async function dagsBackfill(dagId: string, options: TBackfillOptions): Promise<number> {
  const { api, out } = connect(options);
  const body = {
    dag_id: dagId,
    from_date: options.startDate,
    to_date: options.endDate,
    reprocess_behavior: options.reprocess,
    max_active_runs: options.maxActiveRuns,
    run_backwards: options.runBackwards === true,
    dry_run: options.dryRun === true,
  };
  const backfill = await api.request('POST', apiPath`/backfills`, ZBackfillSchema, { json: body });
  if ((await api.request('GET', apiPath`/dags/${dagId}`, ZDagSchema)).is_paused) {
    out.warn(`${dagId} is paused: its schedule creates no runs, and this backfill's runs run anyway (the backfill has its own pause).`);
  }
  if (options.dryRun) {
    out.result(backfill, () => printPlan(out, backfill));
    return 0;
  }
  const id = backfill.id;
  if (id === null || id === undefined) throw new CliError('The server created a backfill but did not say its id.');
  const planned = (backfill.plan ?? []).filter((item) => item.action !== 'skip').length;
  out.say(`Backfill ${id} of ${dagId} created: ${planned} runs to process.`);
  const { last, interrupted } = await followBackfill(api, out, { ...backfill, id }, { pollMs: POLL_MS, planned });
  if (interrupted) {
    out.warn(`Backfill ${id} keeps running on the server; follow it with \`tributary runs list ${dagId}\` (or GET /api/v1/backfills/${id}).`);
    if (out.json) out.jsonLine(last);
    return INTERRUPTED_EXIT;
  }
  const failed = (last.progress?.failed ?? 0) > 0 || last.state === 'cancelled';
  out.result(last, () => out.say(last.progress ? `Backfill ${id} ${describeProgress(last.state ?? 'finished', last.progress, planned)}` : `Backfill ${id} ${last.state}.`));
  return failed ? 1 : 0;
}

function printPlan(out: TOutput, backfill: TBackfillView): void {
  const plan = backfill.plan ?? [];
  if (plan.length === 0) return out.say(`Nothing to backfill for ${backfill.dag_id} between these dates.`);
  out.say(formatTable(['logical_date', 'action', 'reason'], plan.map((item) => [item.logical_date, item.action, item.reason ?? ''])));
  const creating = plan.filter((item) => item.action !== 'skip').length;
  out.say(`\nDry run: ${plan.length} intervals, ${creating} would be run. Nothing was created.`);
}
