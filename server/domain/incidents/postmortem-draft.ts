import type { TTimelineEntry } from './incident-timeline';

/** A run of the incident that failed, and whether it was run again (cleared) afterwards. */
export type TFailedRun = { runId: string; logicalDate: Date; rerun: boolean };

/** A task that failed during the incident and the datasets it writes (its `outputs`). */
export type TTaskOutputs = { taskId: string; outputs: string[] };

/** A clear within the incident: of the whole run (taskIds empty) or of some of its tasks. */
export type TRepairClear = { runId: string; taskIds: string[] };

export type TRepairBackfill = { fromDate: Date; toDate: Date; reprocessBehavior: string };

export type TPostmortemFacts = {
  dagId: string;
  title: string;
  openedAt: Date;
  resolvedAt: Date | null;
  failureCount: number;
  timeline: readonly TTimelineEntry[];
  failedRuns: readonly TFailedRun[];
  datasets: readonly TTaskOutputs[];
  /** The spec diff when a new version was deployed during the incident (unified diff text). */
  specChange: { fromVersion: number; toVersion: number; diff: string } | null;
  clears: readonly TRepairClear[];
  backfills: readonly TRepairBackfill[];
};

/**
 * The first draft of a post-mortem: the template (summary, impact, root cause, timeline, what
 * went well, action items) filled with what the product knows. The parts only people know are
 * left as prompts in italics.
 */
export function renderPostmortemDraft(facts: TPostmortemFacts): string {
  return [
    `# Post-mortem: ${facts.title}`,
    section('Summary', summary(facts)),
    section('Impact', impact(facts)),
    section('Root cause', rootCause(facts)),
    section('Timeline', timeline(facts.timeline)),
    section('Repair', repair(facts)),
    section('What went well', ['_What helped us notice, understand or repair this quickly?_']),
    section('Action items', ['| item | owner | due | done |', '|---|---|---|---|', '| _what will stop this from happening again_ | | | [ ] |']),
  ].join('\n\n') + '\n';
}

function section(title: string, lines: readonly string[]): string {
  return [`## ${title}`, '', ...lines].join('\n');
}

function summary(facts: TPostmortemFacts): string[] {
  const failures = facts.failureCount === 1 ? '1 task failure' : `${facts.failureCount} task failures`;
  const span = facts.resolvedAt ? `from ${utc(facts.openedAt)} to ${utc(facts.resolvedAt)} (${duration(facts.openedAt, facts.resolvedAt)})` : `since ${utc(facts.openedAt)}`;
  return [`\`${facts.dagId}\` was failing ${span}, with ${failures}.`, '', '_What happened, in two sentences._'];
}

function impact(facts: TPostmortemFacts): string[] {
  const lines: string[] = [];
  if (facts.failedRuns.length > 0) {
    lines.push('Logical dates that failed:', '');
    for (const run of facts.failedRuns) lines.push(`- ${utc(run.logicalDate)} (\`${run.runId}\`)${run.rerun ? ': re-run' : ': not re-run'}`);
  } else {
    lines.push('No run failed within the incident.');
  }
  lines.push('');
  const written = facts.datasets.filter((task) => task.outputs.length > 0);
  if (written.length > 0) {
    lines.push('Datasets written by the failed tasks (late or incomplete for those dates):', '');
    for (const task of written) lines.push(`- \`${task.taskId}\`: ${task.outputs.map((output) => `\`${output}\``).join(', ')}`);
  } else {
    lines.push('The failed tasks declare no `outputs`.');
  }
  lines.push('', '_Who or what downstream was affected?_');
  return lines;
}

function rootCause(facts: TPostmortemFacts): string[] {
  if (!facts.specChange) return ['_Why did it break? Keep asking why until the answer is something to change._'];
  const { fromVersion, toVersion, diff } = facts.specChange;
  return [
    `A new version of the DAG was deployed during the incident (version ${fromVersion} → ${toVersion}):`,
    '',
    fence(diff, 'diff'),
    '',
    '_Why did it break? Keep asking why until the answer is something to change._',
  ];
}

function timeline(entries: readonly TTimelineEntry[]): string[] {
  if (entries.length === 0) return ['_No events were recorded._'];
  return entries.map((entry) => `- ${utc(entry.at)}: ${entry.text}`);
}

function repair(facts: TPostmortemFacts): string[] {
  const commands = repairCommands(facts);
  if (commands.length === 0) return ['Nothing was cleared or backfilled: the next scheduled run succeeded.'];
  return ['What repaired it, as CLI commands:', '', fence(commands.join('\n'), 'sh')];
}

/** The clears and backfills of the incident, written as the CLI commands that do the same. */
export function repairCommands(facts: Pick<TPostmortemFacts, 'dagId' | 'clears' | 'backfills'>): string[] {
  const dag = shellWord(facts.dagId);
  const clears = facts.clears.map((clear) => {
    const tasks = clear.taskIds.length > 0 ? ` -t ${shellWord([...clear.taskIds].sort().join(','))}` : '';
    return `tributary tasks clear ${dag} -r ${shellWord(clear.runId)}${tasks} -y`;
  });
  const backfills = facts.backfills.map((backfill) => {
    const reprocess = backfill.reprocessBehavior === 'none' ? '' : ` --reprocess ${shellWord(backfill.reprocessBehavior)}`;
    return `tributary dags backfill ${dag} --start-date ${cliDate(backfill.fromDate)} --end-date ${cliDate(backfill.toDate)}${reprocess}`;
  });
  return [...new Set([...clears, ...backfills])];
}

/** A word a POSIX shell reads back unchanged: bare when safe, else single-quoted. */
export function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

function cliDate(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
}

function fence(text: string, language: string): string {
  // A fence longer than any run of backticks inside, so a spec that contains ``` cannot end it.
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${language}\n${text.replace(/\n$/, '')}\n${ticks}`;
}

function utc(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function duration(from: Date, to: Date): string {
  const seconds = Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
}
