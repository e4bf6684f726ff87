/*
 * Sizes of the grid's columns: they fill the page's width up to 22 px a column (25 or 50 runs on
 * a laptop), and shrink down to 12 px (100 runs) before the grid scrolls sideways (365 runs),
 * as Airflow's grid does. Pure.
 */

const MAX_PITCH = 22;
const MIN_PITCH = 12;
/** What the task-name column and the table's padding take of the width. */
const LABEL_WIDTH = 220;
/** A vertical date label needs this much width; narrower columns label every other run. */
const LABEL_PITCH = 14;

/** Width of one run's column in px, for `runs` columns in `available` px. */
export function columnPitch(available: number, runs: number): number {
  if (runs <= 0 || available <= 0) return MAX_PITCH;
  return Math.max(MIN_PITCH, Math.min(MAX_PITCH, Math.floor((available - LABEL_WIDTH) / runs)));
}

/** Every how many columns a date label is written (1: every column). */
export function labelEvery(pitch: number): number {
  return pitch >= LABEL_PITCH ? 1 : Math.ceil(LABEL_PITCH / pitch);
}

/** A run's duration bar: 4 px for a run not started, up to 40 px for the page's longest run. */
export function barHeight(seconds: number | null, longest: number): number {
  if (seconds === null || longest <= 0) return 4;
  return Math.round(4 + (36 * Math.max(0, seconds)) / longest);
}
