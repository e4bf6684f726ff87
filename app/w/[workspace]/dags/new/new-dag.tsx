'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { SpecEditor, type TSpecCheck } from '../../../../components/spec-editor';
import { isSavable, SaveButton, useSaveSpec, type TSavedSpec } from '../../../../components/spec-editor-save';
import { useTRPC } from '../../../../trpc-provider';

const BLANK = `dag_id: my_dag
description: What this DAG does.
schedule: "@daily"
start_date: 2025-01-01
catchup: false
tasks:
  - task_id: start
    type: empty
`;

/** A spec started from the blank template or a copy of an example; Save creates the DAG, paused. */
export function NewDag({ workspace, example }: { workspace: string; example?: string }) {
  const trpc = useTRPC();
  const examples = useQuery(trpc.authoring.examples.queryOptions());
  const [start, setStart] = useState('');
  const [text, setText] = useState(BLANK);
  const [check, setCheck] = useState<TSpecCheck | null>(null);
  const [saved, setSaved] = useState<TSavedSpec | null>(null);
  const saver = useSaveSpec(setSaved);

  const choose = (name: string) => {
    setStart(name);
    setText(examples.data?.find((example) => example.name === name)?.source ?? BLANK);
    saver.reset();
  };

  // A link (the empty workspace's New DAG) may name the example to start from: take it once, when the examples arrive.
  const tookExample = useRef(false);
  useEffect(() => {
    if (tookExample.current || !example || !examples.data) return;
    tookExample.current = true;
    const found = examples.data.find((candidate) => candidate.name === example);
    if (found) {
      setStart(found.name);
      setText(found.source);
    }
  }, [example, examples.data]);

  return (
    <>
      <div className="filters">
        <label>
          Start from
          <select value={start} onChange={(event) => choose(event.target.value)}>
            <option value="">Blank template</option>
            {(examples.data ?? []).map((example) => <option key={example.name} value={example.name}>Example: {example.name}</option>)}
          </select>
        </label>
        {examples.isError && <span role="alert" className="form-error">Could not load the examples: {examples.error.message}</span>}
      </div>
      <SpecEditor
        label="Spec of the new DAG"
        value={text}
        onChange={(value) => {
          setText(value);
          saver.reset();
        }}
        refusal={saver.refusal}
        onCheck={setCheck}
        actions={
          <>
            <SaveButton disabled={!isSavable(text, check)} saving={saver.saving} outcome={saver.outcome} onSave={() => saver.save(saved ? { source: text, dagId: saved.dag_id } : { source: text, create: true })} />
            {saved && saver.outcome && (
              <Link href={`/w/${workspace}/dags/${encodeURIComponent(saved.dag_id)}`}>
                Open {saved.dag_id}{saved.is_paused ? ' (paused)' : ''}
              </Link>
            )}
          </>
        }
      />
    </>
  );
}
