import { z } from 'zod';
import { SecretBox } from '../../auth/secret-box';
import { requireSecretKey } from '../../env';
import { deleteVariable } from '../../services/variables/delete-variable';
import { getVariable } from '../../services/variables/get-variable';
import { listVariables } from '../../services/variables/list-variables';
import { setVariable, type TVariableWrite } from '../../services/variables/set-variable';
import type { TVariableView } from '../../services/variables/variable-view';
import { json, jsonBody, queryParams, RestInputError, ZPaginationSchema } from '../http';
import { defineRoutes } from '../route';

/** Values are text, as in Airflow; JSON other than a string is stored serialised (as Airflow 3 does). */
const ZValueSchema = z
  .unknown()
  .refine((value) => value !== undefined && value !== null, 'value is required')
  .transform((value) => (typeof value === 'string' ? value : JSON.stringify(value)));

const ZKeySchema = z
  .string({ error: 'key is required' })
  .min(1, 'key is required')
  .max(250)
  .regex(/^[A-Za-z0-9_.-]+$/, 'key may contain only letters, digits, _ . and -');

const ZCreateVariableSchema = z.strictObject({ key: ZKeySchema, value: ZValueSchema, description: z.string().max(5000).nullish() });
const ZPatchVariableSchema = z.strictObject({ key: z.string().optional(), value: ZValueSchema.optional(), description: z.string().max(5000).nullish() });

const PATCHABLE = ['value', 'description'] as const;
const ZUpdateMaskSchema = z.object({
  update_mask: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((mask) => (mask === undefined ? undefined : [mask].flat().flatMap((part) => part.split(',')).map((part) => part.trim()).filter(Boolean)))
    .pipe(z.array(z.enum(PATCHABLE, { error: `update_mask may name only: ${PATCHABLE.join(', ')}` })).optional()),
});

function secretBox(): SecretBox {
  return new SecretBox(requireSecretKey());
}

function variableJson(variable: TVariableView) {
  return { key: variable.key, value: variable.value, description: variable.description };
}

/** Only the fields the body gives (and, with an update_mask, only those named there). */
function toWrite(key: string, body: z.output<typeof ZPatchVariableSchema>, mask: readonly string[] | undefined): TVariableWrite {
  if (body.key !== undefined && body.key !== key) {
    const message = `key in the body ('${body.key}') differs from the one in the URL ('${key}'); variables cannot be renamed.`;
    throw new RestInputError(message, [{ path: 'key', line: null, column: null, message }]);
  }
  const given = <K extends (typeof PATCHABLE)[number]>(field: K) => (mask === undefined || mask.includes(field) ? body[field] : undefined);
  return { value: given('value'), description: given('description') };
}

export const variablesRoutes = defineRoutes([
  {
    method: 'GET',
    path: '/variables',
    auth: 'token',
    async handler({ ctx, url }) {
      const page = queryParams(url, ZPaginationSchema);
      const { variables, totalEntries } = await listVariables(ctx, secretBox(), page);
      return json({ variables: variables.map(variableJson), total_entries: totalEntries });
    },
  },
  {
    method: 'POST',
    path: '/variables',
    auth: 'token',
    async handler({ ctx, request }) {
      const body = await jsonBody(request, ZCreateVariableSchema);
      const created = await setVariable(ctx, secretBox(), body.key, { value: body.value, description: body.description }, 'create');
      return json(variableJson(created), 201);
    },
  },
  {
    method: 'GET',
    path: '/variables/:key',
    auth: 'token',
    async handler({ ctx, params }) {
      return json(variableJson(await getVariable(ctx, secretBox(), params.key!)));
    },
  },
  {
    method: 'PATCH',
    path: '/variables/:key',
    auth: 'token',
    async handler({ ctx, params, request, url }) {
      const { update_mask: mask } = queryParams(url, ZUpdateMaskSchema);
      const body = await jsonBody(request, ZPatchVariableSchema);
      const key = params.key!;
      return json(variableJson(await setVariable(ctx, secretBox(), key, toWrite(key, body, mask), 'update')));
    },
  },
  {
    method: 'DELETE',
    path: '/variables/:key',
    auth: 'token',
    async handler({ ctx, params }) {
      await deleteVariable(ctx, params.key!);
      return new Response(null, { status: 204 });
    },
  },
]);
