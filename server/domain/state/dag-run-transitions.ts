import { defineTransitions } from './transition-table';

/** Airflow's DagRunState. */
export const DAG_RUN_STATES = ['queued', 'running', 'success', 'failed'] as const;
export type TDagRunState = (typeof DAG_RUN_STATES)[number];

export const FINISHED_DAG_RUN_STATES = ['success', 'failed'] as const satisfies readonly TDagRunState[];

/*
 * - scheduler: queued → running when the run starts (max_active_runs permitting);
 *   running → success/failed from deriveDagRunState.
 * - mark success/failed (user): from any other state, as Airflow's set_dag_run_state_to_*.
 * - clear (user): a finished run goes back to queued (Airflow's clear with
 *   dag_run_state=QUEUED), so max_active_runs still applies when it restarts. Clearing tasks
 *   of a queued or running run leaves the run's state alone.
 */
export const DAG_RUN_TRANSITION_TABLE: Readonly<Record<TDagRunState, readonly TDagRunState[]>> = {
  queued: ['running', 'success', 'failed'],
  running: ['success', 'failed'],
  success: ['queued', 'failed'],
  failed: ['queued', 'success'],
};

const transitions = defineTransitions('A DAG run', DAG_RUN_STATES, DAG_RUN_TRANSITION_TABLE);

export const canTransitionDagRun: (from: TDagRunState, to: TDagRunState) => boolean =
  transitions.canTransition;
export const assertDagRunTransition: (from: TDagRunState, to: TDagRunState) => void =
  transitions.assertTransition;
export const dagRunAllowedFrom: (to: TDagRunState) => TDagRunState[] = transitions.allowedFrom;
