import { z } from 'zod';
import { importAirflowSource } from '../../services/dags/import-airflow';
import { listDags } from '../../services/dags/list-dags';
import { setDagPaused } from '../../services/dags/set-dag-paused';
import { listDagTags, listRecentRunStates } from '../../services/runs/list-recent-run-states';
import { dagListItem } from '../dag-list-item';
import { roleProcedure, router, workspaceProcedure } from '../init';

export const ZDagListInputSchema = z.object({
  search: z.string().trim().max(200).optional(),
  tags: z.array(z.string().min(1).max(100)).max(20).optional(),
  paused: z.boolean().optional(),
  lastRunState: z.enum(['queued', 'running', 'success', 'failed']).optional(),
  limit: z.number().int().min(1).max(100).default(25),
  offset: z.number().int().min(0).default(0),
});

export const dagsRouter = router({
  list: workspaceProcedure.input(ZDagListInputSchema).query(async ({ ctx, input }) => {
    const { dags, total } = await listDags(ctx.service, {
      limit: input.limit,
      offset: input.offset,
      tags: input.tags,
      dagIdPattern: input.search || undefined,
      paused: input.paused,
      lastRunState: input.lastRunState,
    });
    const [recent, allTags] = await Promise.all([
      listRecentRunStates(ctx.service, dags.map((dag) => dag.id)),
      listDagTags(ctx.service),
    ]);
    return { dags: dags.map((dag) => dagListItem(dag, recent.get(dag.id) ?? [])), total, allTags };
  }),

  setPaused: roleProcedure('editor')
    .input(z.object({ dagId: z.string().min(1).max(250), isPaused: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const dag = await setDagPaused(ctx.service, input);
      return { dag_id: dag.dagId, is_paused: dag.isPaused };
    }),

  /**
   * An Airflow DAG file (pasted or uploaded) read without running it: the specs it converts to,
   * each with its validation problems, and the report per line. Nothing is saved: the page
   * deploys the chosen spec through authoring.save, as the editor does.
   */
  importAirflow: roleProcedure('editor')
    // The service refuses more than 1 MiB with its size; this bound only keeps a request sane.
    .input(z.object({ filename: z.string().trim().min(1).max(255), source: z.string().max(4 * 1024 * 1024) }))
    .mutation(({ input }) => importAirflowSource(input)),
});
