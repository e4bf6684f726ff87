import { TRPCError } from '@trpc/server';

/** How a tRPC call ended: 'OK', or the error's code ('NOT_FOUND', 'FORBIDDEN', ...). */
export async function codeOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
  return 'OK';
}
