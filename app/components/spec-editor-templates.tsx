'use client';

import type { EditorView } from '@uiw/react-codemirror';

/** One task per type, with the fields it needs, indented as an item of `tasks:`. */
const SNIPPETS = {
  empty: '',
  bash: '    bash_command: echo "{{ ds }}"\n',
  http: '    url: https://example.com/api/items\n    method: GET\n',
  sql: '    conn_id: warehouse\n    sql: select 1\n',
  load: '    source:\n      url: https://example.com/items.csv\n      format: csv\n    target:\n      conn_id: warehouse\n      table: items\n',
  check: '    conn_id: warehouse\n    table: items\n    checks:\n      row_count_min: 1\n',
  sensor: '    conn_id: warehouse\n    sql: select 1\n    poke_interval: 1m\n    timeout: 1h\n',
  script: '    code: |\n      return { ds: context.ds };\n',
  python: '    python_callable: |\n      def hello(ds, ti):\n          print("hello!", ds)\n          return {"ds": ds}\n',
  notify: '    channel: "slack:#data"\n    message: "{{ dag.dag_id }} finished for {{ ds }}"\n',
} as const;

export type TSnippetType = keyof typeof SNIPPETS;
const TYPES = Object.keys(SNIPPETS) as TSnippetType[];

/** A task id of this type not used yet in the document: `bash_1`, `bash_2`... */
function freshTaskId(text: string, type: TSnippetType): string {
  let n = 1;
  while (new RegExp(`task_id:\\s*["']?${type}_${n}\\b`).test(text)) n += 1;
  return `${type}_${n}`;
}

/**
 * Inserts the type's snippet at the cursor when it is at the start of a line, else on the line
 * after the cursor's; the cursor ends after it, so the next snippet follows it.
 */
export function insertTaskSnippet(view: EditorView, type: TSnippetType): void {
  const { state } = view;
  const line = state.doc.lineAt(state.selection.main.head);
  const atLineStart = state.selection.main.empty && state.selection.main.head === line.from;
  const from = atLineStart ? line.from : line.to;
  const taskId = freshTaskId(state.doc.toString(), type);
  const text = `${atLineStart ? '' : '\n'}  - task_id: ${taskId}\n    type: ${type}\n${SNIPPETS[type]}`;
  // After a line's end, the line's own newline (if any) still follows the snippet.
  const insert = atLineStart ? text : text.replace(/\n$/, '');
  view.dispatch({ changes: { from, insert }, selection: { anchor: from + insert.length }, scrollIntoView: true });
  view.focus();
}

/** "Insert task": a snippet per task type, inserted at the cursor. */
export function InsertTaskMenu({ onInsert, className }: { onInsert: (type: TSnippetType) => void; className?: string }) {
  return (
    <label className={className}>
      Insert task
      <select
        value=""
        onChange={(event) => {
          const type = TYPES.find((candidate) => candidate === event.target.value);
          if (type) onInsert(type);
        }}
      >
        <option value="" disabled>
          Choose a type…
        </option>
        {TYPES.map((type) => (
          <option key={type} value={type}>
            {type}
          </option>
        ))}
      </select>
    </label>
  );
}
