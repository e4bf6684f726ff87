'use client';

import { yaml } from '@codemirror/lang-yaml';
import CodeMirror, { EditorView } from '@uiw/react-codemirror';
import { useMemo } from 'react';
import { useResolvedTheme } from './theme';

type TProps = { source: string; label: string; maxHeight?: string };

/**
 * A spec as the editor shows it, read-only: the same CodeMirror, YAML highlighting and line
 * numbers, with the text selectable and searchable (Ctrl-F) but not editable.
 */
export function YamlView({ source, label, maxHeight = '520px' }: TProps) {
  const extensions = useMemo(() => [yaml(), EditorView.contentAttributes.of({ 'aria-label': label }), EditorView.lineWrapping], [label]);
  const theme = useResolvedTheme();
  return (
    <CodeMirror
      value={source}
      extensions={extensions}
      readOnly
      editable={false}
      theme={theme}
      basicSetup={{ highlightActiveLine: false, highlightActiveLineGutter: false, foldGutter: true, autocompletion: false }}
      maxHeight={maxHeight}
    />
  );
}
