'use server';

import { TRPCError } from '@trpc/server';
import { redirect } from 'next/navigation';
import { createServerCaller } from '@/server/trpc/context';

export type TAcceptState = { error: string | null };

/** Joins the workspace of the invitation and opens its DAG list; a refusal becomes the page's message. */
export async function acceptInvitationAction(token: string, _previous: TAcceptState): Promise<TAcceptState> {
  let slug: string;
  try {
    slug = (await (await createServerCaller(null)).settings.members.accept({ token })).workspaceSlug;
  } catch (error) {
    if (error instanceof TRPCError) return { error: error.message };
    throw error;
  }
  // Outside the try: Next's redirect works by throwing.
  redirect(`/w/${slug}/dags`);
}
