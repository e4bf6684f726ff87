import { lineageWarningProblems } from '../../domain/catalog/lineage-warning-problems';
import type { TDag, TSpecProblem } from '../../domain/dag/parse-dag-spec';
import { dagLineage } from './dag-dataset-edges';
import { sqlParser } from './sync-dag-datasets';

/**
 * Where a valid spec's SQL contradicts its declared inputs and outputs, placed at their lines:
 * the editor shows them while typing and a deploy returns them. Warnings, never refusals.
 */
export async function specLineageWarnings(source: string, spec: TDag): Promise<TSpecProblem[]> {
  return lineageWarningProblems(source, dagLineage(spec, await sqlParser()).warnings);
}
