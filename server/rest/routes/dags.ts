import { z } from 'zod';
import { deleteDag } from '../../services/dags/delete-dag';
import { deployDag } from '../../services/dags/deploy-dag';
import { getDag } from '../../services/dags/get-dag';
import { getDagVersion, listDagVersions } from '../../services/dags/list-dag-versions';
import { listDags } from '../../services/dags/list-dags';
import { setDagPaused } from '../../services/dags/set-dag-paused';
import { iso, json, jsonBody, queryParams, RestInputError, ZPaginationSchema } from '../http';
import { defineRoutes } from '../route';
import { dagJson, repeated, ZQueryBooleanSchema } from '../serializers';

const ZListDagsQuerySchema = ZPaginationSchema.extend({
  tags: repeated(z.string()).optional(),
  dag_id_pattern: z.string().optional(),
  paused: ZQueryBooleanSchema.optional(),
});

const ZPatchDagSchema = z.object({ is_paused: z.boolean({ error: 'is_paused must be true or false' }) });

const SPEC_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml', 'application/json', 'text/plain'];

/** The spec as sent: line and column of every problem refer to this text, YAML or JSON. */
async function specSource(request: Request): Promise<string> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== '' && !SPEC_TYPES.includes(type)) {
    throw new RestInputError(`Send the DAG spec as YAML (Content-Type: application/yaml) or JSON (application/json), not ${type}.`);
  }
  const source = await request.text();
  if (source.trim() === '') throw new RestInputError('The request body is empty: send the DAG spec.');
  return source;
}

export const dagsRoutes = defineRoutes([
  {
    method: 'GET',
    path: '/dags',
    auth: 'token',
    async handler({ ctx, url }) {
      const query = queryParams(url, ZListDagsQuerySchema);
      const { dags, total } = await listDags(ctx, { ...query, dagIdPattern: query.dag_id_pattern });
      return json({ dags: dags.map(dagJson), total_entries: total });
    },
  },
  {
    method: 'GET',
    path: '/dags/:dag_id',
    auth: 'token',
    async handler({ ctx, params }) {
      return json(dagJson(await getDag(ctx, params.dag_id!)));
    },
  },
  {
    method: 'PUT',
    path: '/dags/:dag_id',
    auth: 'token',
    async handler({ ctx, params, request }) {
      const deployed = await deployDag(ctx, { source: await specSource(request), dagId: params.dag_id! });
      const dag = await getDag(ctx, params.dag_id!);
      return json({ deploy_status: deployed.status, ...dagJson(dag), warnings: deployed.warnings }, deployed.status === 'created' ? 201 : 200);
    },
  },
  {
    method: 'PATCH',
    path: '/dags/:dag_id',
    auth: 'token',
    async handler({ ctx, params, request }) {
      const body = await jsonBody(request, ZPatchDagSchema);
      return json(dagJson(await setDagPaused(ctx, { dagId: params.dag_id!, isPaused: body.is_paused })));
    },
  },
  {
    method: 'DELETE',
    path: '/dags/:dag_id',
    auth: 'token',
    async handler({ ctx, params }) {
      await deleteDag(ctx, params.dag_id!);
      return new Response(null, { status: 204 });
    },
  },
  {
    method: 'GET',
    path: '/dags/:dag_id/versions',
    auth: 'token',
    async handler({ ctx, params, url }) {
      const query = queryParams(url, ZPaginationSchema);
      const { versions, total } = await listDagVersions(ctx, { dagId: params.dag_id!, ...query });
      return json({ versions: versions.map(versionJson), total_entries: total });
    },
  },
  {
    method: 'GET',
    path: '/dags/:dag_id/versions/:version',
    auth: 'token',
    async handler({ ctx, params }) {
      const version = z.coerce.number().int().min(1).safeParse(params.version);
      if (!version.success) throw new RestInputError(`The version must be a positive whole number, not '${params.version}'.`);
      const found = await getDagVersion(ctx, { dagId: params.dag_id!, version: version.data });
      return json({ ...versionJson(found), source: found.sourceText, spec: found.spec });
    },
  },
]);

function versionJson(version: { version: number; createdAt: Date; contentHash: string; sourceFormat: string }) {
  return { version: version.version, created_at: iso(version.createdAt), content_hash: version.contentHash, source_format: version.sourceFormat };
}
