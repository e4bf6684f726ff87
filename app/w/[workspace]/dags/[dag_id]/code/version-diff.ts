import { diffLines } from 'diff';

export type TDiffRow = { kind: 'added' | 'removed' | 'same'; text: string; oldNumber: number | null; newNumber: number | null };

function splitValue(value: string): string[] {
  const lines = value.split('\n');
  if (value.endsWith('\n')) lines.pop();
  return lines;
}

/** Line diff of two sources as rows with their line numbers on each side; [] when identical. */
export function diffRows(oldText: string, newText: string): TDiffRow[] {
  if (oldText === newText) return [];
  const rows: TDiffRow[] = [];
  let oldNumber = 1;
  let newNumber = 1;
  for (const change of diffLines(oldText, newText)) {
    for (const text of splitValue(change.value)) {
      if (change.added) rows.push({ kind: 'added', text, oldNumber: null, newNumber: newNumber++ });
      else if (change.removed) rows.push({ kind: 'removed', text, oldNumber: oldNumber++, newNumber: null });
      else rows.push({ kind: 'same', text, oldNumber: oldNumber++, newNumber: newNumber++ });
    }
  }
  return rows;
}

/** The marker in front of a diff line, so the change reads without colour. */
export function diffMarker(kind: TDiffRow['kind']): string {
  switch (kind) {
    case 'added':
      return '+';
    case 'removed':
      return '-';
    case 'same':
      return ' ';
  }
}
