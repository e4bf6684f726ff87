import { prisma } from '../db/client';
import { env } from '../env';
import { getHealth } from '../services/health/get-health';

/** GET /api/v1/health: 200 when the metadata database answers, 503 when it does not. */
export async function handleHealth(): Promise<Response> {
  const health = await getHealth(prisma(), env().TRIBUTARY_HEARTBEAT_TIMEOUT);
  const status = health.metadatabase.status === 'healthy' ? 200 : 503;
  return Response.json(health, { status, headers: { 'cache-control': 'no-store' } });
}
