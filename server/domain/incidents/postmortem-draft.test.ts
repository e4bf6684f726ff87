import { describe, expect, it } from 'vitest';
import { renderPostmortemDraft, repairCommands, shellWord, type TPostmortemFacts } from './postmortem-draft';

const at = (hour: number, minute = 0) => new Date(Date.UTC(2026, 11, 5, hour, minute));
const RUN = 'scheduled__2026-12-04T00:00:00+00:00';

const facts: TPostmortemFacts = {
  dagId: 'orders',
  title: 'orders is failing',
  openedAt: at(2, 10),
  resolvedAt: at(4, 24),
  failureCount: 2,
  timeline: [
    { at: at(2, 10), kind: 'failure', text: `load in ${RUN} failed (try 2)`, actor: null, link: null },
    { at: at(3, 0), kind: 'clear', text: `load in ${RUN} cleared by bob@example.com`, actor: 'bob@example.com', link: null },
  ],
  failedRuns: [
    { runId: RUN, logicalDate: new Date(Date.UTC(2026, 11, 4)), rerun: true },
    { runId: 'manual__x', logicalDate: new Date(Date.UTC(2026, 11, 4, 12)), rerun: false },
  ],
  datasets: [{ taskId: 'load', outputs: ['warehouse.public.orders'] }, { taskId: 'notify', outputs: [] }],
  specChange: null,
  clears: [{ runId: RUN, taskIds: ['load', 'check'] }],
  backfills: [{ fromDate: new Date(Date.UTC(2026, 11, 1)), toDate: new Date(Date.UTC(2026, 11, 3, 6)), reprocessBehavior: 'failed' }],
};

describe('renderPostmortemDraft', () => {
  const markdown = renderPostmortemDraft(facts);

  it('has the template’s sections in order, with action items as a table', () => {
    const headings = markdown.split('\n').filter((line) => line.startsWith('#'));
    expect(headings).toEqual([
      '# Post-mortem: orders is failing', '## Summary', '## Impact', '## Root cause', '## Timeline', '## Repair', '## What went well', '## Action items',
    ]);
    expect(markdown).toContain('| item | owner | due | done |\n|---|---|---|---|');
  });

  it('fills in what the product knows: span, failed dates, datasets, timeline, repair commands', () => {
    expect(markdown).toContain('`orders` was failing from 2026-12-05 02:10:00 UTC to 2026-12-05 04:24:00 UTC (2 h 14 min), with 2 task failures.');
    expect(markdown).toContain(`- 2026-12-04 00:00:00 UTC (\`${RUN}\`): re-run`);
    expect(markdown).toContain('- 2026-12-04 12:00:00 UTC (`manual__x`): not re-run');
    expect(markdown).toContain('- `load`: `warehouse.public.orders`');
    expect(markdown).not.toContain('`notify`');
    expect(markdown).toContain(`- 2026-12-05 03:00:00 UTC: load in ${RUN} cleared by bob@example.com`);
    expect(markdown).toContain([
      '```sh',
      `tributary tasks clear orders -r ${RUN} -t check,load -y`,
      'tributary dags backfill orders --start-date 2026-12-01 --end-date 2026-12-03T06:00:00Z --reprocess failed',
      '```',
    ].join('\n'));
  });

  it('shows the spec diff of a version deployed during the incident, in a fence its text cannot close', () => {
    const diff = '--- version 3\n+++ version 4\n@@ -1,2 +1,2 @@\n-bash_command: exit 1\n+bash_command: "echo ```ok```"\n';
    const withDiff = renderPostmortemDraft({ ...facts, specChange: { fromVersion: 3, toVersion: 4, diff } });
    expect(withDiff).toContain('A new version of the DAG was deployed during the incident (version 3 → 4):');
    expect(withDiff).toContain('````diff\n--- version 3\n+++ version 4\n@@ -1,2 +1,2 @@\n-bash_command: exit 1\n+bash_command: "echo ```ok```"\n````');
  });

  it('says so when nothing failed, nothing declares outputs and nothing was repaired by hand', () => {
    const quiet = renderPostmortemDraft({ ...facts, resolvedAt: null, failedRuns: [], datasets: [], clears: [], backfills: [], timeline: [] });
    expect(quiet).toContain('was failing since 2026-12-05 02:10:00 UTC');
    expect(renderPostmortemDraft({ ...facts, resolvedAt: new Date(facts.openedAt.getTime() + 42_000) })).toContain('(42 s)');
    expect(quiet).toContain('No run failed within the incident.');
    expect(quiet).toContain('The failed tasks declare no `outputs`.');
    expect(quiet).toContain('Nothing was cleared or backfilled');
    expect(quiet).toContain('_No events were recorded._');
  });
});

describe('repairCommands', () => {
  it('clears a whole run when no task is named, and writes each command once', () => {
    expect(repairCommands({ dagId: 'orders', clears: [{ runId: 'manual__1', taskIds: [] }, { runId: 'manual__1', taskIds: [] }], backfills: [] })).toEqual([
      'tributary tasks clear orders -r manual__1 -y',
    ]);
  });

  it('quotes words a shell would split or expand', () => {
    expect(shellWord('scheduled__2026-12-04T00:00:00+00:00')).toBe('scheduled__2026-12-04T00:00:00+00:00');
    expect(shellWord('my run')).toBe("'my run'");
    expect(shellWord("it's $HOME")).toBe("'it'\\''s $HOME'");
  });
});
