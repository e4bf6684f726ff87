/**
 * OpenLineage run events for a task attempt (spec 2-0-2: https://openlineage.io/spec/2-0-2/OpenLineage.json).
 * Pure: the caller loads the attempt, its run and its datasets, and sends the result.
 */

export const OPENLINEAGE_RUN_EVENT_SCHEMA_URL = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';
export const OPENLINEAGE_PARENT_FACET_SCHEMA_URL = 'https://openlineage.io/spec/facets/1-1-0/ParentRunFacet.json#/$defs/ParentRunFacet';
export const OPENLINEAGE_SCHEMA_FACET_SCHEMA_URL = 'https://openlineage.io/spec/facets/1-1-1/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet';
export const OPENLINEAGE_ERROR_FACET_SCHEMA_URL = 'https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet';

/** A long task error is cut here: a receiver stores the facet, and the full text is in the log. */
const ERROR_MESSAGE_MAX = 2000;

export type TOpenLineageEventType = 'START' | 'COMPLETE' | 'FAIL';

export type TOpenLineageColumn = { name: string; dataType: string; description: string | null };

/** One dataset a task reads or writes; one without a namespace cannot be named and is left out. */
export type TOpenLineageDatasetInput = {
  direction: 'read' | 'write';
  namespace: string | null;
  olName: string | null;
  /** Ordered; empty when the columns were never introspected (no schema facet then). */
  columns: readonly TOpenLineageColumn[];
};

export type TTaskAttemptLineage = {
  eventType: TOpenLineageEventType;
  eventTime: Date;
  /** The task attempt's id (a UUID): the OpenLineage run, the same for START and its end. */
  attemptId: string;
  /** The DAG run's id (a UUID): the parent run. */
  dagRunId: string;
  dagId: string;
  taskId: string;
  /** The workspace's job namespace. */
  namespace: string;
  producer: string;
  /** FAIL only: the attempt's error. */
  errorMessage: string | null;
  datasets: readonly TOpenLineageDatasetInput[];
};

type TFacet = { _producer: string; _schemaURL: string };
export type TOpenLineageDataset = {
  namespace: string;
  name: string;
  facets: { schema?: TFacet & { fields: { name: string; type: string; description?: string }[] } };
};
export type TOpenLineageRunEvent = {
  eventType: TOpenLineageEventType;
  eventTime: string;
  producer: string;
  schemaURL: string;
  run: {
    runId: string;
    facets: {
      parent: TFacet & { job: { namespace: string; name: string }; run: { runId: string } };
      errorMessage?: TFacet & { message: string; programmingLanguage: string };
    };
  };
  job: { namespace: string; name: string; facets: Record<string, never> };
  inputs: TOpenLineageDataset[];
  outputs: TOpenLineageDataset[];
};

/** `tributary/{workspace}` with the workspace's slug in place of `{workspace}`. */
export function openLineageNamespace(template: string, workspaceSlug: string): string {
  return template.replaceAll('{workspace}', workspaceSlug);
}

export function buildOpenLineageRunEvent(input: TTaskAttemptLineage): TOpenLineageRunEvent {
  const facet = (schemaURL: string): TFacet => ({ _producer: input.producer, _schemaURL: schemaURL });
  const run: TOpenLineageRunEvent['run'] = {
    runId: input.attemptId,
    facets: {
      parent: { ...facet(OPENLINEAGE_PARENT_FACET_SCHEMA_URL), job: { namespace: input.namespace, name: input.dagId }, run: { runId: input.dagRunId } },
    },
  };
  if (input.eventType === 'FAIL' && input.errorMessage) {
    const message = input.errorMessage.length > ERROR_MESSAGE_MAX ? `${input.errorMessage.slice(0, ERROR_MESSAGE_MAX - 1)}…` : input.errorMessage;
    // The language of the failed code is not known (bash, SQL, a script): the field is required, so it names the engine's.
    run.facets.errorMessage = { ...facet(OPENLINEAGE_ERROR_FACET_SCHEMA_URL), message, programmingLanguage: 'tributary' };
  }
  return {
    eventType: input.eventType,
    eventTime: input.eventTime.toISOString(),
    producer: input.producer,
    schemaURL: OPENLINEAGE_RUN_EVENT_SCHEMA_URL,
    run,
    job: { namespace: input.namespace, name: `${input.dagId}.${input.taskId}`, facets: {} },
    inputs: datasetsOf(input, 'read'),
    outputs: datasetsOf(input, 'write'),
  };
}

/**
 * A dataset once per direction (a declared and an inferred edge name the same one), in the
 * order given; the schema facet only when its columns are known.
 */
function datasetsOf(input: TTaskAttemptLineage, direction: 'read' | 'write'): TOpenLineageDataset[] {
  const seen = new Set<string>();
  const datasets: TOpenLineageDataset[] = [];
  for (const dataset of input.datasets) {
    if (dataset.direction !== direction || !dataset.namespace || !dataset.olName) continue;
    const key = `${dataset.namespace}\n${dataset.olName}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const facets: TOpenLineageDataset['facets'] = {};
    if (dataset.columns.length > 0) {
      facets.schema = {
        _producer: input.producer,
        _schemaURL: OPENLINEAGE_SCHEMA_FACET_SCHEMA_URL,
        fields: dataset.columns.map((column) => ({ name: column.name, type: column.dataType, ...(column.description ? { description: column.description } : {}) })),
      };
    }
    datasets.push({ namespace: dataset.namespace, name: dataset.olName, facets });
  }
  return datasets;
}
