import { z } from 'zod';
import { dagDatasets } from '../../services/catalog/dag-datasets';
import { datasetImpact } from '../../services/catalog/dataset-impact';
import { datasetLineage, MAX_LINEAGE_DEPTH } from '../../services/catalog/dataset-lineage';
import { getDatasetPage } from '../../services/catalog/get-dataset-page';
import { listDatasets } from '../../services/catalog/list-datasets';
import { registerDataset, ZRegisterDatasetSchema } from '../../services/catalog/register-dataset';
import { updateDataset, ZDatasetPatchSchema } from '../../services/catalog/update-dataset';
import { roleProcedure, router, workspaceProcedure } from '../init';

const ZIdSchema = z.string().min(1).max(100);

const iso = (date: Date) => date.toISOString();

/** The dataset list and page: reads for viewers, curation for editors (the services check the role again). */
export const datasetsRouter = router({
  list: workspaceProcedure
    .input(z.object({
      q: z.string().trim().max(200).optional(),
      connId: z.string().trim().max(250).optional(),
      tag: z.string().trim().max(50).optional(),
      limit: z.number().int().min(1).max(500).default(100),
      offset: z.number().int().min(0).default(0),
    }))
    .query(async ({ ctx, input }) => {
      const { datasets, totalEntries } = await listDatasets(ctx.service, { ...input, connId: input.connId || undefined });
      return { datasets: datasets.map((item) => ({ ...item, createdAt: iso(item.createdAt), updatedAt: iso(item.updatedAt) })), totalEntries };
    }),

  page: workspaceProcedure.input(z.object({ id: ZIdSchema })).query(({ ctx, input }) => getDatasetPage(ctx.service, input.id)),

  update: roleProcedure('editor')
    .input(z.object({ id: ZIdSchema, patch: ZDatasetPatchSchema }))
    .mutation(async ({ ctx, input }) => {
      await updateDataset(ctx.service, input.id, input.patch);
      return getDatasetPage(ctx.service, input.id);
    }),

  register: roleProcedure('editor').input(ZRegisterDatasetSchema).mutation(async ({ ctx, input }) => (await registerDataset(ctx.service, input)).dataset.id),

  lineage: workspaceProcedure
    .input(z.object({ id: ZIdSchema, direction: z.enum(['upstream', 'downstream', 'both']), depth: z.number().int().min(1).max(MAX_LINEAGE_DEPTH) }))
    .query(({ ctx, input }) => datasetLineage(ctx.service, input.id, input)),

  impact: workspaceProcedure
    .input(z.object({ id: ZIdSchema, depth: z.number().int().min(1).max(MAX_LINEAGE_DEPTH).optional() }))
    .query(({ ctx, input }) => datasetImpact(ctx.service, input.id, input.depth)),

  forDag: workspaceProcedure.input(z.object({ dagId: z.string().min(1).max(250) })).query(({ ctx, input }) => dagDatasets(ctx.service, input.dagId)),
});
