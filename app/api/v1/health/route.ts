import { handleHealth } from '@/server/rest/health';

export const dynamic = 'force-dynamic';

export function GET() {
  return handleHealth();
}
