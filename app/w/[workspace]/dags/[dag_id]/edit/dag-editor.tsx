'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { SpecEditor, type TSpecCheck } from '../../../../../components/spec-editor';
import { isSavable, SaveButton, useSaveSpec } from '../../../../../components/spec-editor-save';
import { useTRPC } from '../../../../../trpc-provider';
import { useUnsavedChanges } from './use-unsaved-changes';
import { VersionList } from './version-list';

const LEAVE_QUESTION = 'Leave the editor? Your changes to the spec are not saved.';

/** Loads the current version's source; Save adds a version, Restore loads an old one into the editor. */
export function DagEditor({ dagId, canEdit }: { dagId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const versions = useQuery(trpc.authoring.versions.queryOptions({ dagId }));
  const current = versions.data?.current ?? null;
  const currentSource = useQuery({ ...trpc.authoring.source.queryOptions({ dagId, version: current ?? 1 }), enabled: current !== null });
  // null until the user types or restores: until then the editor shows the current version.
  const [edited, setEdited] = useState<string | null>(null);
  const [check, setCheck] = useState<TSpecCheck | null>(null);
  // The text of the last successful Save: clean until the text moves away from it again.
  const [savedText, setSavedText] = useState<string | null>(null);
  const saving = useRef<string | null>(null);
  const router = useRouter();
  const saver = useSaveSpec(() => {
    setSavedText(saving.current);
    // The DAG's header (description, schedule, tags) is rendered on the server from the current version.
    router.refresh();
  });
  const baseline = savedText ?? currentSource.data?.source ?? null;
  const dirty = edited !== null && baseline !== null && edited !== baseline;
  useUnsavedChanges(dirty, LEAVE_QUESTION);

  if (versions.isError) return <p role="alert" className="form-error">Could not load the DAG: {versions.error.message}</p>;
  if (current === null && versions.data) return <p className="panel">This DAG has no version yet.</p>;
  if (currentSource.isError) return <p role="alert" className="form-error">Could not load the spec: {currentSource.error.message}</p>;
  if (!versions.data || !currentSource.data) return <p className="muted">Loading the spec…</p>;
  const text = edited ?? currentSource.data.source;

  const restore = async (version: number) => {
    const old = await queryClient.fetchQuery(trpc.authoring.source.queryOptions({ dagId, version }));
    setEdited(old.source);
    saver.reset();
    saver.setOutcome(`Version ${version} is in the editor: Save makes it a new version.`);
  };

  return (
    <>
      <SpecEditor
        label={`Spec of ${dagId}`}
        value={text}
        onChange={(value) => {
          setEdited(value);
          saver.reset();
        }}
        readOnly={!canEdit}
        refusal={saver.refusal}
        onCheck={setCheck}
        actions={
          canEdit ? (
            <>
              <SaveButton disabled={!isSavable(text, check)} saving={saver.saving} outcome={saver.outcome} onSave={() => { saving.current = text; saver.save({ source: text, dagId }); }} />
              {dirty && !saver.saving && (
                <button type="button" onClick={() => { setEdited(null); saver.reset(); }}>Discard changes</button>
              )}
            </>
          ) : (
            <span className="muted small">Viewers read the spec; editors change it.</span>
          )
        }
      />
      <VersionList versions={versions.data.versions} current={current} canRestore={canEdit} onRestore={(version) => void restore(version)} />
    </>
  );
}
