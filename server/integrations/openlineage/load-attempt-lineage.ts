import type { PrismaClient } from '../../db/client';
import type { TOpenLineageDatasetInput } from '../../domain/catalog/openlineage-event';

export type TAttemptLineageRows = {
  attemptId: string;
  dagRunId: string;
  dagId: string;
  taskId: string;
  workspaceSlug: string;
  errorMessage: string | null;
  datasets: TOpenLineageDatasetInput[];
};

/**
 * What an attempt's run events say, read when the event is sent, not when the task ran: the
 * task's path only enqueues. The datasets are the DAG's current edges (a deploy rewrites them),
 * so an event sent after a redeploy names the new version's datasets. Null when the attempt is
 * gone (its DAG was deleted).
 */
export async function loadAttemptLineage(db: PrismaClient, attemptId: string): Promise<TAttemptLineageRows | null> {
  const attempt = await db.taskAttempt.findUnique({
    where: { id: attemptId },
    select: {
      errorMessage: true,
      taskInstance: {
        select: {
          taskId: true,
          dagRun: { select: { id: true, dag: { select: { id: true, dagId: true, workspace: { select: { slug: true } } } } } },
        },
      },
    },
  });
  if (!attempt) return null;
  const { taskId, dagRun } = attempt.taskInstance;
  const edges = await db.datasetEdge.findMany({
    where: { dagPk: dagRun.dag.id, taskId },
    orderBy: [{ direction: 'asc' }, { dataset: { key: 'asc' } }],
    select: {
      direction: true,
      dataset: {
        select: { namespace: true, olName: true, columns: { orderBy: { ordinal: 'asc' }, select: { name: true, dataType: true, description: true } } },
      },
    },
  });
  return {
    attemptId,
    dagRunId: dagRun.id,
    dagId: dagRun.dag.dagId,
    taskId,
    workspaceSlug: dagRun.dag.workspace.slug,
    errorMessage: attempt.errorMessage,
    datasets: edges.flatMap((edge) =>
      edge.direction === 'read' || edge.direction === 'write'
        ? [{ direction: edge.direction, namespace: edge.dataset.namespace, olName: edge.dataset.olName, columns: edge.dataset.columns }]
        : [],
    ),
  };
}
