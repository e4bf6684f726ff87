import type { TDb } from '../../db/sql';
import type { TAlertKind } from '../../domain/alerts/alert-message';
import { LOG_TAIL_LINES, type TAlertFacts } from '../../domain/alerts/build-alert-message';
import { env } from '../../env';
import type { TEventRun, TEventTask, TRelayedEvent } from './alert-event-context';

/** Where links in alerts point: TRIBUTARY_PUBLIC_URL, or the address `npm start` serves on. */
export function alertPublicUrl(): string {
  const config = env();
  return config.TRIBUTARY_PUBLIC_URL ?? `http://localhost:${config.PORT}`;
}

type TAttemptFacts = { attemptId: string | null; errorMessage: string | null; duration: number | null; lineCount: number; tail: string[] };

/** The facts of a task's alert: its try, how long it ran, its error, the end of its log, its owner's Slack id. */
export async function taskAlertFacts(
  tx: TDb,
  input: { kind: TAlertKind; run: TEventRun; task: TEventTask; event: TRelayedEvent; incidentId: string | null; dedupeKey: string },
): Promise<TAlertFacts> {
  const attempt = await attemptFacts(tx, input.task.id, input.event.tryNumber);
  return {
    kind: input.kind,
    workspace: input.run.workspace,
    dagId: input.run.dagId,
    taskId: input.task.taskId,
    runId: input.run.runId,
    logicalDate: input.run.logicalDate,
    tryNumber: input.event.tryNumber,
    maxTries: input.task.maxTries,
    durationSeconds: attempt.duration,
    owner: input.task.owner,
    ownerSlackUserId: await ownerSlackUserId(tx, input.run.workspaceId, input.task.owner),
    logTail: attempt.tail,
    logLineCount: attempt.lineCount,
    incidentId: input.incidentId,
    recoveredAfterSeconds: null,
    errorMessage: attempt.errorMessage,
    dedupeKey: input.dedupeKey,
    publicUrl: alertPublicUrl(),
  };
}

/** A recovery: the run that resolved the incident, and how long the incident lasted. */
export function recoveryAlertFacts(input: { run: TEventRun; incident: { id: string; openedAt: Date; resolvedAt: Date | null }; dedupeKey: string }): TAlertFacts {
  const lasted = input.incident.resolvedAt ? (input.incident.resolvedAt.getTime() - input.incident.openedAt.getTime()) / 1000 : null;
  return {
    kind: 'recovery',
    workspace: input.run.workspace,
    dagId: input.run.dagId,
    taskId: null,
    runId: input.run.runId,
    logicalDate: input.run.logicalDate,
    tryNumber: null,
    maxTries: null,
    durationSeconds: null,
    owner: input.run.spec?.owner ?? null,
    ownerSlackUserId: null,
    logTail: [],
    logLineCount: 0,
    incidentId: input.incident.id,
    recoveredAfterSeconds: lasted,
    errorMessage: null,
    dedupeKey: input.dedupeKey,
    publicUrl: alertPublicUrl(),
  };
}

async function attemptFacts(tx: TDb, taskInstanceId: string, tryNumber: number | null): Promise<TAttemptFacts> {
  const [attempt] = await tx.$queryRaw<{ id: string; errorMessage: string | null; duration: number | null }[]>`
    select id, "errorMessage", extract(epoch from coalesce("endDate", clock_timestamp()) - "startDate")::float8 as duration
    from task_attempt where "taskInstanceId" = ${taskInstanceId} and "tryNumber" = ${tryNumber ?? 0}`;
  if (!attempt) return { attemptId: null, errorMessage: null, duration: null, lineCount: 0, tail: [] };
  // The last chunks hold the last lines (a chunk holds many); lineTimes has one entry per line.
  const chunks = await tx.$queryRaw<{ content: string }[]>`
    select content from log_chunk where "attemptId" = ${attempt.id} order by seq desc limit ${LOG_TAIL_LINES}`;
  const [count] = await tx.$queryRaw<{ lines: number }[]>`
    select coalesce(sum(cardinality("lineTimes")), 0)::int as lines from log_chunk where "attemptId" = ${attempt.id}`;
  const lines = chunks.reverse().flatMap((chunk) => chunk.content.replace(/\n$/, '').split('\n'));
  return { attemptId: attempt.id, errorMessage: attempt.errorMessage, duration: attempt.duration, lineCount: count?.lines ?? 0, tail: lines.slice(-LOG_TAIL_LINES) };
}

/** The owner, when the spec names a member by email who has linked a Slack user id, is mentioned as <@U…>. */
async function ownerSlackUserId(tx: TDb, workspaceId: string, owner: string | null): Promise<string | null> {
  if (!owner || !owner.includes('@')) return null;
  const [row] = await tx.$queryRaw<{ slackUserId: string }[]>`
    select m."slackUserId" from membership m join "user" u on u.id = m."userId"
    where m."workspaceId" = ${workspaceId} and lower(u.email) = lower(${owner}) and m."slackUserId" is not null`;
  return row?.slackUserId ?? null;
}
