'use client';

import type { Diagnostic } from '@codemirror/lint';
import type { inferRouterOutputs } from '@trpc/server';
import type { Text } from '@uiw/react-codemirror';
import type { AppRouter } from '@/server/trpc/routers/_app';
import styles from './spec-editor.module.css';

export type TSpecValidation = inferRouterOutputs<AppRouter>['authoring']['validate'];
export type TSpecProblem = TSpecValidation['problems'][number];

/** The document offset of a problem's 1-based line and column, clamped into the document. */
export function offsetOf(doc: Text, problem: TSpecProblem): number {
  if (problem.line === null) return 0;
  const line = doc.line(Math.min(Math.max(problem.line, 1), doc.lines));
  return Math.min(line.from + Math.max((problem.column ?? 1) - 1, 0), line.to);
}

/** A CodeMirror diagnostic underlining the word the problem points at (a task id, a cron). */
export function toDiagnostic(doc: Text, problem: TSpecProblem, severity: 'error' | 'warning' = 'error'): Diagnostic {
  const from = offsetOf(doc, problem);
  const rest = doc.sliceString(from, doc.lineAt(from).to);
  const length = /^[^\s,\]}]+/.exec(rest)?.[0].length ?? rest.length;
  return { from, to: from + length, severity, message: problem.path ? `${problem.path}: ${problem.message}` : problem.message };
}

function position(problem: TSpecProblem): string {
  return problem.line === null ? '' : `${problem.line}:${problem.column ?? 1}`;
}

/**
 * Every problem as "line:col path: message"; choosing one moves the editor's cursor there.
 * Warnings (lineage the SQL contradicts) are listed the same way and never block Save.
 */
export function ProblemList({ problems, onSelect, kind = 'problem' }: { problems: readonly TSpecProblem[]; onSelect: (problem: TSpecProblem) => void; kind?: 'problem' | 'warning' }) {
  if (problems.length === 0) return null;
  return (
    <section aria-label={kind === 'problem' ? 'Problems' : 'Warnings'} className={kind === 'problem' ? styles.problems : styles.warnings}>
      <h3 className={styles.problemsTitle} role="status">
        {problems.length} {kind}{problems.length === 1 ? '' : 's'}
      </h3>
      <ul className={styles.problemList}>
        {problems.map((problem, index) => (
          <li key={`${index}-${problem.path}-${problem.message}`}>
            <button type="button" className={styles.problem} onClick={() => onSelect(problem)}>
              <span className={styles.where}>{position(problem)}</span> {problem.path && <code>{problem.path}</code>}
              {problem.path ? ': ' : ''}
              {problem.message}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
