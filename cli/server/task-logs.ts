import { setTimeout as sleep } from 'node:timers/promises';
import { apiPath, type TApiClient } from '../api-client';
import { FINISHED_TASK_STATES, ZLogChunkSchema, ZTaskInstanceListSchema, type TTaskInstanceView } from '../api-schemas';
import { CliError } from '../cli-error';
import { connect, type TServerCommandOptions } from './connect';

type TLogsOptions = TServerCommandOptions & { try?: number; follow?: boolean };
type TLogTarget = { dagId: string; runId: string; taskId: string; tryNumber: number };

const FOLLOW_POLL_MS = 1000;
/** A server that keeps handing out tokens without end must not hang the CLI. */
const MAX_PAGES = 10_000;

async function findInstance(api: TApiClient, dagId: string, runId: string, taskId: string): Promise<TTaskInstanceView> {
  const { task_instances } = await api.request('GET', apiPath`/dags/${dagId}/dagRuns/${runId}/taskInstances`, ZTaskInstanceListSchema);
  const instance = task_instances.find((ti) => ti.task_id === taskId);
  if (!instance) throw new CliError(`Run ${runId} of ${dagId} has no task '${taskId}' (tasks: ${task_instances.map((ti) => ti.task_id).join(', ')}).`);
  return instance;
}

/**
 * Nothing more will be written to this try's log: the instance finished, or moved on to a later
 * try. A sensor waiting up_for_reschedule writes its next poke to the same try.
 */
function tryIsOver(instance: TTaskInstanceView, tryNumber: number): boolean {
  if (FINISHED_TASK_STATES.includes(instance.state ?? '') || instance.state === 'up_for_retry') return true;
  return (instance.try_number ?? 0) > tryNumber;
}

function readChunk(api: TApiClient, target: TLogTarget, token: string | undefined) {
  const path = apiPath`/dags/${target.dagId}/dagRuns/${target.runId}/taskInstances/${target.taskId}/logs/${target.tryNumber}`;
  return api.request('GET', path, ZLogChunkSchema, { query: { token } });
}

/**
 * Reads from `token` to the current end of the log, calling `onContent` per non-empty chunk.
 * `complete` when the server says nothing more will come (no continuation token: the attempt
 * ended and everything was served); a follower must stop there, not read that page again.
 */
async function readToEnd(
  api: TApiClient,
  target: TLogTarget,
  token: string | undefined,
  onContent: (text: string) => void,
): Promise<{ token: string | undefined; complete: boolean }> {
  let current = token;
  for (let page = 0; page < MAX_PAGES; page++) {
    const chunk = await readChunk(api, target, current);
    if (chunk.content !== '') onContent(chunk.content);
    const next = chunk.continuation_token ?? undefined;
    if (next === undefined) return { token: current, complete: true };
    if (chunk.content === '' || next === current) return { token: next, complete: false };
    current = next;
  }
  return { token: current, complete: false };
}

/**
 * `logs <dag_id> <run_id> <task_id>`: one attempt's log (the latest try by default). With
 * --follow, keeps reading from the continuation token until the attempt is over. The state
 * is read before each read of the log, so the read after "finished" sees the whole log.
 */
export async function taskLogs(dagId: string, runId: string, taskId: string, options: TLogsOptions): Promise<number> {
  const { api, out } = connect(options);
  const instance = await findInstance(api, dagId, runId, taskId);
  const target = { dagId, runId, taskId, tryNumber: options.try ?? Math.max(instance.try_number ?? 1, 1) };
  const print = (content: string) => (out.json ? out.jsonLine({ content }) : out.write(content.endsWith('\n') ? content : `${content}\n`));
  if (!options.follow) {
    let content = '';
    await readToEnd(api, target, undefined, (text) => (content += text));
    out.result({ dag_id: dagId, dag_run_id: runId, task_id: taskId, try_number: target.tryNumber, content }, () => out.write(content));
    return 0;
  }
  let token: string | undefined;
  for (;;) {
    const over = tryIsOver(await findInstance(api, dagId, runId, taskId), target.tryNumber);
    let complete = false;
    try {
      ({ token, complete } = await readToEnd(api, target, token, print));
    } catch (error) {
      // An attempt that has not started has no log yet: keep waiting for it.
      if (over || !(error instanceof CliError) || error.options.status !== 404) throw error;
    }
    if (over || complete) return 0;
    await sleep(FOLLOW_POLL_MS);
  }
}
