import { prisma } from '@/server/db/client';
import { handleRestRequest } from '@/server/rest/router';

export const dynamic = 'force-dynamic';

function handle(request: Request) {
  return handleRestRequest(request, { db: prisma() });
}

export { handle as GET, handle as POST, handle as PUT, handle as PATCH, handle as DELETE };
