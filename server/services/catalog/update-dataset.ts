import { z } from 'zod';
import {
  FRESHNESS_PERIODS, freshnessPairProblem, freshnessSeconds, MAX_FRESHNESS_SECONDS, type TFreshnessAfter,
} from '../../domain/catalog/freshness-policy';
import type { Prisma } from '../../db/client';
import { AppError } from '../app-error';
import { recordAudit } from '../audit/record-audit';
import { requireRole, type TServiceContext } from '../context';
import { findDataset } from './dataset-view';

const nullableText = (field: string, max: number) =>
  z.string({ error: `${field} must be a string or null` }).trim().max(max, `${field} may be at most ${max} characters`).nullable()
    .transform((text) => (text === '' ? null : text));

const ZFreshnessAfterSchema = (field: string) =>
  z.strictObject({
    count: z.number({ error: `${field}.count must be a whole number` }).int(`${field}.count must be a whole number`).min(1, `${field}.count must be 1 or more`),
    period: z.enum(FRESHNESS_PERIODS, { error: `${field}.period must be minute, hour or day` }),
  }, { error: `${field} must be {count, period} or null` })
    .refine((after) => freshnessSeconds(after) <= MAX_FRESHNESS_SECONDS, `${field} may be at most 10 years`)
    .nullable();

const ZTagSchema = z.string({ error: 'each tag must be a string' }).trim()
  .regex(/^[\p{L}\p{N}_.:\-/ ]{1,50}$/u, 'each tag is 1 to 50 letters, digits, spaces or _ . : - /');

/**
 * What PATCH /datasets/{id} and the page may change, in the API's names (the issue's and dbt's).
 * An absent field is left as it is; null (or an empty string) clears it.
 */
export const ZDatasetPatchSchema = z.strictObject({
  description: nullableText('description', 100_000).optional(),
  owner: nullableText('owner', 200).optional(),
  requested_by: nullableText('requested_by', 200).optional(),
  requested_reason: nullableText('requested_reason', 2_000).optional(),
  review_after: z.iso.date({ error: 'review_after must be a date such as 2027-01-31' }).nullable().optional(),
  tags: z.array(ZTagSchema, { error: 'tags must be a list of strings' }).max(30, 'tags may hold at most 30 tags').optional(),
  freshness: z.strictObject({
    warn_after: ZFreshnessAfterSchema('freshness.warn_after').optional(),
    error_after: ZFreshnessAfterSchema('freshness.error_after').optional(),
  }, { error: 'freshness must be {warn_after, error_after}' }).optional(),
}, { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : 'expected an object of the fields to change') });

export type TDatasetPatch = z.output<typeof ZDatasetPatchSchema>;

const seconds = (after: TFreshnessAfter | null | undefined) => (after === undefined ? undefined : after === null ? null : freshnessSeconds(after));

function patchData(patch: TDatasetPatch): Prisma.DatasetUpdateInput {
  const tags = patch.tags === undefined ? undefined : [...new Set(patch.tags)].sort();
  return {
    description: patch.description,
    owner: patch.owner,
    requestedBy: patch.requested_by,
    requestedReason: patch.requested_reason,
    reviewAfter: patch.review_after === undefined ? undefined : patch.review_after === null ? null : new Date(`${patch.review_after}T00:00:00Z`),
    // A new review date asks again when it passes.
    ...(patch.review_after === undefined ? {} : { reviewAskedAt: null }),
    tags,
    freshnessWarnAfterSeconds: seconds(patch.freshness?.warn_after),
    freshnessErrorAfterSeconds: seconds(patch.freshness?.error_after),
  };
}

/** Changes a dataset's curated fields (editor and up), recorded in the audit log with the fields changed. */
export async function updateDataset(ctx: TServiceContext, id: string, patch: TDatasetPatch): Promise<void> {
  requireRole(ctx, 'editor');
  await findDataset(ctx, id);
  await ctx.db.$transaction(async (tx) => {
    const current = await tx.dataset.findUniqueOrThrow({ where: { id }, select: { freshnessWarnAfterSeconds: true, freshnessErrorAfterSeconds: true } });
    const data = patchData(patch);
    const warn = data.freshnessWarnAfterSeconds === undefined ? current.freshnessWarnAfterSeconds : (data.freshnessWarnAfterSeconds as number | null);
    const error = data.freshnessErrorAfterSeconds === undefined ? current.freshnessErrorAfterSeconds : (data.freshnessErrorAfterSeconds as number | null);
    const problem = freshnessPairProblem(warn, error);
    if (problem !== null) {
      throw new AppError('invalid_input', problem, [{ path: 'freshness.warn_after', line: null, column: null, message: problem }]);
    }
    await tx.dataset.update({ where: { id }, data });
    await recordAudit(tx, ctx, { action: 'dataset.update', targetType: 'dataset', targetId: id, details: { fields: Object.keys(patch).sort() } });
  });
}
