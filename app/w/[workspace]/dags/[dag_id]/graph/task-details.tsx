'use client';

import { useState } from 'react';
import { LogViewer } from '../../../../../components/log-viewer';
import { TryTabs } from '../../../../../components/try-tabs';
import styles from './graph.module.css';

type TProps = {
  workspace: string;
  dagId: string;
  runId: string;
  task: { task_id: string; type: string };
  instance: { state: string; try_number: number } | null;
};

const FINISHED = new Set(['success', 'failed', 'skipped', 'upstream_failed', 'removed']);

/** The clicked task in the selected run: its state and, once it has run, its log per try. */
export function TaskDetails({ workspace, dagId, runId, task, instance }: TProps) {
  const tries = instance ? Array.from({ length: instance.try_number }, (_, index) => index + 1) : [];
  const [chosenTry, setChosenTry] = useState<number | null>(null);
  const tryNumber = chosenTry !== null && tries.includes(chosenTry) ? chosenTry : tries.at(-1) ?? null;
  const state = instance?.state ?? 'none';
  return (
    <section className={`panel ${styles.details}`} aria-label={`Task ${task.task_id}`} aria-live="polite">
      <h3>
        {task.task_id} <span className="muted">({task.type})</span>
      </h3>
      <p>
        State in run <code>{runId}</code>: <span className={`state-dot state-${state}`} aria-hidden="true" /> <strong>{state}</strong>
      </p>
      {tries.length > 0 && tryNumber !== null && (
        <>
          <TryTabs tries={tries.map((number) => ({ number }))} selected={tryNumber} onSelect={setChosenTry} />
          <LogViewer
            workspace={workspace}
            dagId={dagId}
            runId={runId}
            taskId={task.task_id}
            tryNumber={tryNumber}
            live={tryNumber === tries.at(-1) && !FINISHED.has(state)}
          />
        </>
      )}
    </section>
  );
}
