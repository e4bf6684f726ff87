'use client';

import { useQuery } from '@tanstack/react-query';
import { suggestClearVersion, type TClearVersionSuggestion } from '@/server/domain/dag/clear-version';
import { useTRPC } from '../trpc-provider';
import { useFormatTime } from './time-zone-context';
import styles from './task-instance-panel.module.css';

/** What Confirm sends: re-pin to the latest version (the one shown) or keep the run's own. */
export type TClearVersionPick = { useLatestVersion: boolean; expectedLatestVersion?: number };

type TVersion = { version: number; created_at: string; created_by: string | null; task_ids: string[] };
export type TClearVersions = { pinned: TVersion; latest: TVersion; suggestion: TClearVersionSuggestion };

const deployedBy = (version: TVersion, formatTime: (iso: string) => string) => `deployed ${formatTime(version.created_at)}${version.created_by ? ` by ${version.created_by}` : ''}`;

/** The run's pinned and the DAG's latest version, and which one to offer first for these tasks. */
export function useClearVersions(run: { dagId: string; runId: string }, clearedTaskIds: readonly string[]) {
  const trpc = useTRPC();
  const query = useQuery({ ...trpc.runs.clearVersions.queryOptions(run), staleTime: 0 });
  const data = query.data;
  const versions: TClearVersions | null = data
    ? {
        ...data,
        suggestion: suggestClearVersion({
          pinnedVersion: data.pinned.version,
          latestVersion: data.latest.version,
          pinnedTaskIds: data.pinned.task_ids,
          latestTaskIds: data.latest.task_ids,
          clearedTaskIds,
        }),
      }
    : null;
  return { versions, error: query.error };
}

export function pickOf(versions: TClearVersions, choice: 'latest' | 'pinned'): TClearVersionPick {
  return choice === 'latest' && versions.latest.version !== versions.pinned.version
    ? { useLatestVersion: true, expectedLatestVersion: versions.latest.version }
    : { useLatestVersion: false };
}

/**
 * Which version the cleared tasks run on: the run's pinned version or the DAG's latest, each
 * named with who deployed it and when. One line when they are the same version.
 */
export function ClearVersionChoice({ versions, choice, onChange }: { versions: TClearVersions; choice: 'latest' | 'pinned'; onChange: (choice: 'latest' | 'pinned') => void }) {
  const { pinned, latest, suggestion } = versions;
  const formatTime = useFormatTime();
  const deployed = (version: TVersion) => deployedBy(version, formatTime);
  if (pinned.version === latest.version) {
    return <p className="small">Runs on version {pinned.version}, the latest ({deployed(pinned)}).</p>;
  }
  return (
    <fieldset className={styles.clear} aria-label="Version to run">
      <legend>Run on</legend>
      <label>
        <input type="radio" name="clear-version" checked={choice === 'latest'} onChange={() => onChange('latest')} />
        <span>
          Latest version {latest.version} ({deployed(latest)})
          {suggestion.addedInLatest.length > 0 && <>; its new tasks run too: {suggestion.addedInLatest.join(', ')}</>}
        </span>
      </label>
      <label>
        <input type="radio" name="clear-version" checked={choice === 'pinned'} onChange={() => onChange('pinned')} />
        <span>Pinned version {pinned.version} ({deployed(pinned)}), the one this run started on</span>
      </label>
      {suggestion.missingInLatest.length > 0 && (
        <p role="note" className="small">
          Version {latest.version} has no task {suggestion.missingInLatest.join(', ')}: {suggestion.missingInLatest.length === 1 ? 'it' : 'they'} would not run there, so the
          pinned version is chosen.
        </p>
      )}
    </fieldset>
  );
}
