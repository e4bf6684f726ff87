import { z } from 'zod';
import { SecretBox } from '../../auth/secret-box';
import { requireSecretKey } from '../../env';
import type { TConnectionView } from '../../services/connections/connection-view';
import { createConnection, type TConnectionInput } from '../../services/connections/create-connection';
import { deleteConnection } from '../../services/connections/delete-connection';
import { getConnection } from '../../services/connections/get-connection';
import { listConnections } from '../../services/connections/list-connections';
import { testConnection } from '../../services/connections/test-connection';
import { updateConnection, type TConnectionPatch } from '../../services/connections/update-connection';
import { json, jsonBody, queryParams, RestInputError, ZPaginationSchema } from '../http';
import { defineRoutes } from '../route';

/** Airflow sends `extra` as a JSON string; an object is accepted too. Either way it must be an object. */
const ZExtraSchema = z
  .union([z.string(), z.record(z.string(), z.unknown())], { error: 'extra must be a JSON object or a string holding one' })
  .nullish()
  .transform((extra, context): Record<string, unknown> | null | undefined => {
    if (typeof extra !== 'string') return extra;
    if (extra.trim() === '') return null;
    try {
      const parsed: unknown = JSON.parse(extra);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // reported below
    }
    context.addIssue({ code: 'custom', message: 'extra must be a JSON object (as a string or an object)' });
    return z.NEVER;
  });

const ZConnectionFieldsSchema = z.strictObject({
  conn_type: z.string().trim().min(1, 'conn_type is required').max(500),
  description: z.string().max(5000).nullish(),
  host: z.string().max(500).nullish(),
  port: z.number({ error: 'port must be a number' }).int().min(1).max(65535, 'port must be 1-65535').nullish(),
  login: z.string().max(500).nullish(),
  schema: z.string().max(500).nullish(),
  password: z.string().max(5000).nullish(),
  extra: ZExtraSchema,
});

const ZConnectionIdSchema = z
  .string({ error: 'connection_id is required' })
  .min(1, 'connection_id is required')
  .max(250)
  .regex(/^[A-Za-z0-9_.-]+$/, 'connection_id may contain only letters, digits, _ . and -');

const ZCreateConnectionSchema = ZConnectionFieldsSchema.extend({ connection_id: ZConnectionIdSchema });
const ZPatchConnectionSchema = ZConnectionFieldsSchema.partial().extend({ connection_id: z.string().optional() });
const ZTestConnectionSchema = ZConnectionFieldsSchema.partial().extend({ connection_id: z.string().min(1).optional() });

const PATCHABLE = ['conn_type', 'description', 'host', 'port', 'login', 'schema', 'password', 'extra'] as const;
const ZUpdateMaskSchema = z.object({
  update_mask: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((mask) => (mask === undefined ? undefined : [mask].flat().flatMap((part) => part.split(',')).map((part) => part.trim()).filter(Boolean)))
    .pipe(z.array(z.enum(PATCHABLE, { error: `update_mask may name only: ${PATCHABLE.join(', ')}` })).optional()),
});

type TConnectionFields = z.output<typeof ZTestConnectionSchema>;

function secretBox(): SecretBox {
  return new SecretBox(requireSecretKey());
}

function toInput(connId: string, body: TConnectionFields & { conn_type: string }): TConnectionInput {
  return {
    connId,
    connType: body.conn_type,
    description: body.description,
    host: body.host,
    port: body.port,
    login: body.login,
    schema: body.schema,
    password: body.password,
    extra: body.extra,
  };
}

/** Airflow's Connection shape: no password field at all, extra as a JSON string. */
function connectionJson(connection: TConnectionView) {
  return {
    connection_id: connection.connId,
    conn_type: connection.connType,
    description: connection.description,
    host: connection.host,
    login: connection.login,
    schema: connection.schema,
    port: connection.port,
    extra: connection.extra === null ? null : JSON.stringify(connection.extra),
  };
}

/** Only the fields the body gives (and, with an update_mask, only those named there). */
function toPatch(connId: string, body: z.output<typeof ZPatchConnectionSchema>, mask: readonly string[] | undefined): TConnectionPatch {
  if (body.connection_id !== undefined && body.connection_id !== connId) {
    const message = `connection_id in the body ('${body.connection_id}') differs from the one in the URL ('${connId}'); connections cannot be renamed.`;
    throw new RestInputError(message, [{ path: 'connection_id', line: null, column: null, message }]);
  }
  const given = <K extends (typeof PATCHABLE)[number]>(field: K) => (mask === undefined || mask.includes(field) ? body[field] : undefined);
  return {
    connType: given('conn_type'),
    description: given('description'),
    host: given('host'),
    port: given('port'),
    login: given('login'),
    schema: given('schema'),
    password: given('password'),
    extra: given('extra'),
  };
}

export const connectionsRoutes = defineRoutes([
  {
    method: 'GET',
    path: '/connections',
    auth: 'token',
    async handler({ ctx, url }) {
      const page = queryParams(url, ZPaginationSchema);
      const { connections, totalEntries } = await listConnections(ctx, secretBox(), page);
      return json({ connections: connections.map(connectionJson), total_entries: totalEntries });
    },
  },
  {
    method: 'POST',
    path: '/connections',
    auth: 'token',
    async handler({ ctx, request }) {
      const body = await jsonBody(request, ZCreateConnectionSchema);
      const box = secretBox();
      await createConnection(ctx, box, toInput(body.connection_id, body));
      return json(connectionJson(await getConnection(ctx, box, body.connection_id)), 201);
    },
  },
  {
    method: 'POST',
    path: '/connections/test',
    auth: 'token',
    async handler({ ctx, request }) {
      const body = await jsonBody(request, ZTestConnectionSchema);
      const { conn_type: connType, connection_id: connId } = body;
      if (connType !== undefined) return json(await testConnection(ctx, secretBox(), toInput(connId ?? 'test', { ...body, conn_type: connType })));
      if (connId === undefined) {
        const message = 'Send conn_type and the connection fields to test them, or connection_id alone to test a stored connection.';
        throw new RestInputError(message, [{ path: 'conn_type', line: null, column: null, message }]);
      }
      return json(await testConnection(ctx, secretBox(), { connId }));
    },
  },
  {
    method: 'GET',
    path: '/connections/:connection_id',
    auth: 'token',
    async handler({ ctx, params }) {
      return json(connectionJson(await getConnection(ctx, secretBox(), params.connection_id!)));
    },
  },
  {
    method: 'PATCH',
    path: '/connections/:connection_id',
    auth: 'token',
    async handler({ ctx, params, request, url }) {
      const { update_mask: mask } = queryParams(url, ZUpdateMaskSchema);
      const body = await jsonBody(request, ZPatchConnectionSchema);
      const connId = params.connection_id!;
      return json(connectionJson(await updateConnection(ctx, secretBox(), connId, toPatch(connId, body, mask))));
    },
  },
  {
    method: 'DELETE',
    path: '/connections/:connection_id',
    auth: 'token',
    async handler({ ctx, params }) {
      await deleteConnection(ctx, params.connection_id!);
      return new Response(null, { status: 204 });
    },
  },
]);
