import { env } from '../../env';
import { getHealth } from '../../services/health/get-health';
import { json } from '../http';
import { openApiDocument } from '../openapi/document';
import { defineRoutes } from '../route';

export const systemRoutes = defineRoutes([
  {
    method: 'GET',
    path: '/health',
    auth: 'none',
    async handler({ db }) {
      const health = await getHealth(db, env().TRIBUTARY_HEARTBEAT_TIMEOUT);
      return json(health, health.metadatabase.status === 'healthy' ? 200 : 503);
    },
  },
  {
    method: 'GET',
    path: '/openapi.json',
    auth: 'none',
    async handler() {
      return json(openApiDocument());
    },
  },
]);
