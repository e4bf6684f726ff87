'use client';

import { yaml } from '@codemirror/lang-yaml';
import { linter, lintGutter } from '@codemirror/lint';
import { useQueryClient } from '@tanstack/react-query';
import CodeMirror, { EditorView } from '@uiw/react-codemirror';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTRPC } from '../trpc-provider';
import { SpecGraphPreview, type TPreviewTask } from './spec-editor-graph';
import { offsetOf, ProblemList, toDiagnostic, type TSpecProblem, type TSpecValidation } from './spec-editor-problems';
import { InsertTaskMenu, insertTaskSnippet, type TSnippetType } from './spec-editor-templates';
import styles from './spec-editor.module.css';
import { useResolvedTheme } from './theme';

export type { TSpecProblem, TSpecValidation } from './spec-editor-problems';
/** A validation and the exact text it judged, so a caller can tell whether it is still current. */
export type TSpecCheck = { source: string; validation: TSpecValidation };

/** Matches the time a typist pauses between words: one validation per pause, not per key. */
const LINT_DELAY_MS = 300;

type TProps = {
  value: string;
  onChange: (value: string) => void;
  /** Viewers read the spec: no typing, no snippets. */
  readOnly?: boolean;
  /** Problems of the server's last refusal to save, listed with the live ones. */
  refusal?: readonly TSpecProblem[];
  onCheck?: (check: TSpecCheck) => void;
  label: string;
  /** Buttons next to the snippet menu (Save...). */
  actions?: ReactNode;
};

/**
 * The editor's extensions: YAML, the gutter, and a lint source that asks the server's own parser
 * (`authoring.validate`) about the text once typing pauses. Also the last result and the tasks of
 * the last valid one.
 */
function useSpecLint(label: string, onCheck: ((check: TSpecCheck) => void) | undefined) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [check, setCheck] = useState<TSpecCheck | null>(null);
  const [lastTasks, setLastTasks] = useState<readonly TPreviewTask[]>([]);
  // The lint source outlives renders; it reports through this ref to the latest callback.
  const onCheckRef = useRef(onCheck);
  useEffect(() => {
    onCheckRef.current = onCheck;
  }, [onCheck]);

  const extensions = useMemo(
    () => [
      yaml(),
      lintGutter(),
      EditorView.contentAttributes.of({ 'aria-label': label }),
      linter(
        async (view) => {
          const source = view.state.doc.toString();
          const validation = await queryClient.fetchQuery(trpc.authoring.validate.queryOptions({ source }));
          // A later edit started its own run, whose result replaces this one.
          if (view.state.doc.toString() !== source) return [];
          const result = { source, validation };
          setCheck(result);
          if (validation.valid) setLastTasks(validation.tasks);
          onCheckRef.current?.(result);
          return [
            ...validation.problems.map((problem) => toDiagnostic(view.state.doc, problem)),
            ...validation.warnings.map((warning) => toDiagnostic(view.state.doc, warning, 'warning')),
          ];
        },
        { delay: LINT_DELAY_MS },
      ),
    ],
    [queryClient, trpc, label],
  );
  return { extensions, check, lastTasks };
}

/**
 * A DAG spec in CodeMirror, validated as you type by the server's own parser: problems are
 * underlined, marked in the gutter and listed below; the last valid parse is drawn beside it.
 */
export function SpecEditor({ value, onChange, readOnly = false, refusal = [], onCheck, label, actions }: TProps) {
  const viewRef = useRef<EditorView | null>(null);
  const { extensions, check, lastTasks } = useSpecLint(label, onCheck);
  const theme = useResolvedTheme();

  const select = useCallback((problem: TSpecProblem) => {
    const view = viewRef.current;
    if (!view) return;
    view.dispatch({ selection: { anchor: offsetOf(view.state.doc, problem) }, scrollIntoView: true });
    view.focus();
  }, []);

  const insert = useCallback((type: TSnippetType) => {
    if (viewRef.current) insertTaskSnippet(viewRef.current, type);
  }, []);

  const current = check?.source === value ? check.validation : null;
  return (
    <div className={styles.layout}>
      <div className={styles.editorColumn}>
        <div className={styles.toolbar}>
          {!readOnly && <InsertTaskMenu onInsert={insert} />}
          {actions}
        </div>
        <CodeMirror
          className={styles.editor}
          value={value}
          onChange={onChange}
          extensions={extensions}
          theme={theme}
          readOnly={readOnly}
          editable={!readOnly}
          // Tab leaves the editor, so the page stays keyboard navigable.
          indentWithTab={false}
          minHeight="420px"
          maxHeight="640px"
          onCreateEditor={(view) => {
            viewRef.current = view;
          }}
        />
        <ProblemList problems={[...refusal, ...(current?.problems ?? check?.validation.problems ?? [])]} onSelect={select} />
        <ProblemList kind="warning" problems={current?.warnings ?? []} onSelect={select} />
        {current?.valid && refusal.length === 0 && <p className="muted small" role="status">No problems: {current.tasks.length} task{current.tasks.length === 1 ? '' : 's'}.</p>}
      </div>
      <SpecGraphPreview tasks={lastTasks} stale={!current?.valid} />
    </div>
  );
}
