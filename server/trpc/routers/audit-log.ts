import { z } from 'zod';
import { auditLogFacets, listAuditLog } from '../../services/audit/list-audit-log';
import { workspaceProcedure } from '../init';

const ZFilterText = z.string().trim().min(1).max(250).optional();

/** A page of the log and its filters; dates are ISO instants (the browser turns its local days into them). */
export const ZAuditLogQuerySchema = z.object({
  limit: z.number().int().min(1).max(100).default(50),
  offset: z.number().int().min(0).default(0),
  actor: ZFilterText,
  action: ZFilterText,
  dagId: ZFilterText,
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

/** Every member reads the audit log of their workspace (the service scopes it). */
export const auditLogProcedures = {
  auditLog: workspaceProcedure.input(ZAuditLogQuerySchema).query(async ({ ctx, input }) => {
    const { limit, offset, from, to, ...filter } = input;
    const { entries, total } = await listAuditLog(ctx.service, { limit, offset }, {
      ...filter,
      from: from === undefined ? undefined : new Date(from),
      to: to === undefined ? undefined : new Date(to),
    });
    // Dates cross the wire as ISO text: the client has no transformer that would revive them.
    return { entries: entries.map((entry) => ({ ...entry, createdAt: entry.createdAt.toISOString() })), total };
  }),
  auditLogFacets: workspaceProcedure.query(({ ctx }) => auditLogFacets(ctx.service)),
};
