'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'next/navigation';
import { useTRPC } from '../trpc-provider';
import { runHref, taskHref } from './links';
import { NoteEditor } from './note-editor';
import type { TTaskInstanceKey } from './task-instance-key';
import { useToast } from './toast';

/** The run panel's note: a mutation refreshes the run, its panel and the grid's note mark. */
export function RunNote({ target, note, canEdit }: { target: { dagId: string; runId: string }; note: string | null; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const { workspace } = useParams<{ workspace: string }>();
  const mutation = useMutation(trpc.runs.setNote.mutationOptions({
    onSuccess: (saved) => {
      toast.success(saved.note ? `Note saved on run ${saved.runId}` : `Note removed from run ${saved.runId}`, { link: { href: runHref(workspace, saved.dagId, saved.runId), label: 'Open run' } });
      return queryClient.invalidateQueries({ queryKey: trpc.runs.pathKey() });
    },
  }));
  const onSave = (text: string | null) => mutation.mutateAsync({ ...target, note: text }).then(() => true, () => false);
  // Keyed by the run: a half-written note does not follow the panel to another run.
  return <NoteEditor key={target.runId} label="Run note" note={note} canEdit={canEdit} pending={mutation.isPending} error={mutation.error} onSave={onSave} />;
}

/** The task-instance panel's note. */
export function TaskInstanceNote({ target, note, canEdit }: { target: TTaskInstanceKey; note: string | null; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const { workspace } = useParams<{ workspace: string }>();
  const mutation = useMutation(trpc.taskInstances.setNote.mutationOptions({
    onSuccess: (saved) => {
      const link = { href: taskHref(workspace, saved.dagId, saved.runId, saved.taskId), label: 'Open task instance' };
      toast.success(saved.note ? `Note saved on ${saved.taskId}` : `Note removed from ${saved.taskId}`, { link });
      return queryClient.invalidateQueries({ queryKey: trpc.runs.taskInstance.queryKey(target) });
    },
  }));
  const onSave = (text: string | null) => mutation.mutateAsync({ ...target, note: text }).then(() => true, () => false);
  return <NoteEditor key={`${target.runId}/${target.taskId}`} label="Task note" note={note} canEdit={canEdit} pending={mutation.isPending} error={mutation.error} onSave={onSave} />;
}
