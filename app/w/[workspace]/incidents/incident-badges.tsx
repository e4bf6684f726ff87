import styles from './incidents.module.css';

/** An incident's state with its colour and its name (never the colour alone). */
export function IncidentStateBadge({ state }: { state: string }) {
  return (
    <span className={styles.stateBadge} data-incident-state={state}>
      <span className={styles.stateSwatch} aria-hidden="true" />
      {state}
    </span>
  );
}

type TPostmortemFacts = { postmortemRequired: boolean; postmortemPending: boolean; postmortemState: string };

/**
 * Where the post-mortem stands: "post-mortem required" while one is required and not written
 * (a draft does not count), "draft" while only a draft exists, "written" once published.
 */
export function PostmortemMarks({ incident, dashWhenNone = true }: { incident: TPostmortemFacts; dashWhenNone?: boolean }) {
  return (
    <span className={styles.marks}>
      {incident.postmortemPending && <span className={styles.required} data-postmortem-mark="required">post-mortem required</span>}
      {incident.postmortemState === 'draft' && <span className={styles.tag} data-postmortem-mark="draft">draft</span>}
      {incident.postmortemState === 'written' && <span className={styles.written} data-postmortem-mark="written">written</span>}
      {dashWhenNone && !incident.postmortemPending && incident.postmortemState === 'none' && <span className="muted">—</span>}
    </span>
  );
}
