import { z } from 'zod';
import { SecretBox } from '../../auth/secret-box';
import { requireSecretKey } from '../../env';
import { egressPolicyFromEnv } from '../../integrations/egress';
import { deprecateDataset, undeprecateDataset } from '../../services/catalog/deprecate-dataset';
import { getDatasetSchema } from '../../services/catalog/get-dataset-schema';
import { introspectDatasetNow } from '../../services/catalog/introspect-dataset-now';
import { listCheckResults } from '../../services/catalog/list-check-results';
import { listUnusedDatasets } from '../../services/catalog/list-unused-datasets';
import { roleProcedure, router, workspaceProcedure } from '../init';

const ZIdSchema = z.string().min(1).max(100);
const count = (value: bigint | null) => (value === null ? null : Number(value));
/** No transformer on this API: dates leave as ISO strings, typed as such. */
const iso = (date: Date | null) => (date === null ? null : date.toISOString());

/** What the warehouse says about datasets (the services check the role again). Row counts leave as numbers. */
export const datasetObservationsRouter = router({
  schema: workspaceProcedure.input(z.object({ id: ZIdSchema, changesLimit: z.number().int().min(1).max(500).default(100) })).query(async ({ ctx, input }) => {
    const schema = await getDatasetSchema(ctx.service, { datasetId: input.id, changesLimit: input.changesLimit });
    return {
      ...schema,
      columnsCheckedAt: iso(schema.columnsCheckedAt),
      rowCountEstimate: count(schema.rowCountEstimate),
      changes: schema.changes.map((change) => ({ ...change, seenAt: iso(change.seenAt)! })),
    };
  }),

  introspect: roleProcedure('editor').input(z.object({ id: ZIdSchema })).mutation(async ({ ctx, input }) => {
    const result = await introspectDatasetNow(ctx.service, new SecretBox(requireSecretKey()), egressPolicyFromEnv(), input.id);
    return result.status === 'observed' ? { ...result, checkedAt: iso(result.checkedAt)!, rowCountEstimate: count(result.rowCountEstimate) } : result;
  }),

  checks: workspaceProcedure
    .input(z.object({ id: ZIdSchema, limit: z.number().int().min(1).max(500).default(100) }))
    .query(async ({ ctx, input }) => {
      const results = await listCheckResults(ctx.service, { datasetId: input.id, limit: input.limit });
      return results.map((result) => ({ ...result, createdAt: iso(result.createdAt)! }));
    }),

  unused: workspaceProcedure.input(z.object({ days: z.number().int().min(1).max(365).default(30) })).query(async ({ ctx, input }) => {
    const report = await listUnusedDatasets(ctx.service, { days: input.days, now: new Date() });
    return {
      ...report,
      since: iso(report.since)!,
      datasets: report.datasets.map((dataset) => ({
        ...dataset, deprecatedAt: iso(dataset.deprecatedAt), firstSampledAt: iso(dataset.firstSampledAt)!, lastSampledAt: iso(dataset.lastSampledAt)!, scans: Number(dataset.scans),
      })),
    };
  }),

  deprecate: roleProcedure('editor')
    .input(z.object({ id: ZIdSchema, note: z.string().trim().max(2000).nullable() }))
    .mutation(async ({ ctx, input }) => {
      const deprecated = await deprecateDataset(ctx.service, { id: input.id, note: input.note || null });
      return { ...deprecated, deprecatedAt: iso(deprecated.deprecatedAt)! };
    }),

  undeprecate: roleProcedure('editor')
    .input(z.object({ id: ZIdSchema }))
    .mutation(({ ctx, input }) => undeprecateDataset(ctx.service, { id: input.id })),
});
