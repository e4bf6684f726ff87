import styles from './state-badge.module.css';

/** Airflow's task instance states, in the order the legend lists them (`none`: not scheduled yet). */
export const TASK_STATES = ['none', 'scheduled', 'queued', 'running', 'success', 'failed', 'up_for_retry', 'up_for_reschedule', 'upstream_failed', 'skipped', 'removed'] as const;

/** The palette's colour of a state (globals.css `--state-*`), grey for a state it does not know. */
export function stateColor(state: string): string {
  return (TASK_STATES as readonly string[]).includes(state) ? `var(--state-${state})` : 'var(--state-none)';
}

/** A state's colour and its name, so it never depends on colour alone. */
export function StateBadge({ state }: { state: string }) {
  return (
    <span className={styles.badge} data-state={state}>
      <span className={styles.swatch} style={{ background: stateColor(state) }} aria-hidden="true" />
      {state}
    </span>
  );
}

/** Every state's colour with its name. */
export function StateLegend() {
  return (
    <ul className={styles.legend} aria-label="Legend">
      {TASK_STATES.map((state) => (
        <li key={state}>
          <span className={styles.swatch} style={{ background: stateColor(state) }} aria-hidden="true" />
          {state}
        </li>
      ))}
    </ul>
  );
}
