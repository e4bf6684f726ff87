'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { useParams } from 'next/navigation';
import { useState } from 'react';
import { renderPostmortemDraft } from '@/server/domain/incidents/postmortem-draft';
import type { AppRouter } from '@/server/trpc/routers/_app';
import { incidentHref } from '../../../../components/links';
import { useFormatTime } from '../../../../components/time-zone-context';
import { useToast } from '../../../../components/toast';
import { useTRPC } from '../../../../trpc-provider';
import styles from './incident.module.css';
import type { TIncident } from './incident-type';
import { PostmortemEditor } from './postmortem-editor';
import { PostmortemMarkdown } from './postmortem-markdown';
import { PostmortemRevisions } from './postmortem-revisions';

type TPostmortem = NonNullable<inferRouterOutputs<AppRouter>['incidents']['postmortem']>;

/** Until the incident resolves there is no draft yet: look again now and then, so it appears. */
const WAITING_MS = 5_000;

/**
 * The template for a post-mortem written before the incident resolves: the same one the
 * product's own draft fills (server/domain/incidents/postmortem-draft.ts), from what this page
 * already knows (its timeline); the resolved incident's draft adds dates, datasets and repairs.
 */
function startingText(incident: TIncident): string {
  return renderPostmortemDraft({
    dagId: incident.dagId, title: incident.title, openedAt: new Date(incident.openedAt), resolvedAt: incident.resolvedAt ? new Date(incident.resolvedAt) : null,
    failureCount: incident.failureCount, timeline: incident.timeline.map((entry) => ({ ...entry, at: new Date(entry.at) })),
    failedRuns: [], datasets: [], specChange: null, clears: [], backfills: [],
  });
}

/** The post-mortem: rendered, with who wrote it; Edit (editor and up) to save a draft or publish; its revisions. */
export function PostmortemSection({ incident, canEdit }: { incident: TIncident; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const { workspace } = useParams<{ workspace: string }>();
  const [editing, setEditing] = useState<string | null>(null);
  const query = useQuery({
    ...trpc.incidents.postmortem.queryOptions({ id: incident.id }),
    refetchInterval: (current) => (current.state.data === null && editing === null ? WAITING_MS : false),
  });
  const save = useMutation(trpc.incidents.savePostmortem.mutationOptions({
    onSuccess: (saved) => {
      queryClient.setQueryData(trpc.incidents.postmortem.queryKey({ id: incident.id }), saved);
      setEditing(null);
      toast.success(saved.isDraft ? 'Post-mortem draft saved' : 'Post-mortem published', { link: { href: incidentHref(workspace, incident.id), label: 'Open incident' } });
      return Promise.all([queryClient.invalidateQueries({ queryKey: trpc.incidents.pathKey() }), queryClient.invalidateQueries({ queryKey: trpc.home.pathKey() })]);
    },
  }));
  const postmortem = query.data;
  return (
    <section className={`panel ${styles.section}`} aria-labelledby="postmortem-heading">
      <div className={styles.sectionHead}>
        <h2 id="postmortem-heading">Post-mortem</h2>
        {canEdit && editing === null && postmortem !== undefined && (
          <button type="button" onClick={() => setEditing(postmortem?.markdown ?? startingText(incident))}>{postmortem ? 'Edit' : 'Write the post-mortem'}</button>
        )}
      </div>
      {query.isError && <p role="alert" className="form-error">Could not load the post-mortem: {query.error.message}</p>}
      {query.isPending && <p className="muted">Loading the post-mortem…</p>}
      {editing !== null ? (
        <PostmortemEditor
          initial={editing}
          pending={save.isPending}
          error={save.error}
          onSave={(markdown, isDraft) => { save.reset(); save.mutate({ id: incident.id, markdown, isDraft }); }}
          onCancel={() => { save.reset(); setEditing(null); }}
        />
      ) : (
        postmortem !== undefined && <PostmortemRead postmortem={postmortem} resolved={incident.state === 'resolved'} />
      )}
      {postmortem && postmortem.revisions.length > 0 && <PostmortemRevisions incidentId={incident.id} revisions={postmortem.revisions} />}
    </section>
  );
}

function PostmortemRead({ postmortem, resolved }: { postmortem: TPostmortem | null; resolved: boolean }) {
  const formatTime = useFormatTime();
  if (postmortem === null) {
    return (
      <p className="muted">
        {resolved ? 'No post-mortem was written.' : 'No post-mortem yet. When the incident resolves, Tributary writes a first draft from its timeline, the failed dates, the datasets and what repaired it.'}
      </p>
    );
  }
  return (
    <>
      {postmortem.isDraft && postmortem.author === null && (
        <p className={styles.draftNote} data-postmortem-status="product-draft">Draft written by Tributary from the incident — edit it, then publish it.</p>
      )}
      {postmortem.isDraft && postmortem.author !== null && (
        <p className={styles.draftNote} data-postmortem-status="draft">Draft saved by {postmortem.author} at {formatTime(postmortem.updatedAt)} — not published yet.</p>
      )}
      {!postmortem.isDraft && (
        <p className="muted small" data-postmortem-status="written">Published by {postmortem.author ?? 'Tributary'} · last saved {formatTime(postmortem.updatedAt)}</p>
      )}
      <PostmortemMarkdown markdown={postmortem.markdown} label="Post-mortem" />
    </>
  );
}
