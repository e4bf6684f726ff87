'use client';

import { useFormatTime } from '../../../../../components/time-zone-context';

type TVersion = { version: number; created_at: string };

/** The DAG's versions, newest first; Restore loads one into the editor (saving makes a new version). */
export function VersionList({ versions, current, canRestore, onRestore }: {
  versions: readonly TVersion[];
  current: number | null;
  canRestore: boolean;
  onRestore: (version: number) => void;
}) {
  const formatTime = useFormatTime();
  return (
    <section aria-label="Versions">
      <h3>Versions</h3>
      <table>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Deployed</th>
            <th scope="col" aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {versions.map((version) => (
            <tr key={version.version}>
              <td>v{version.version}{version.version === current && <span className="tag">current</span>}</td>
              <td><time dateTime={version.created_at}>{formatTime(version.created_at)}</time></td>
              <td>
                {canRestore && version.version !== current && (
                  <button type="button" onClick={() => onRestore(version.version)} aria-label={`Restore version ${version.version}`}>Restore</button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
