'use client';

import { TaskInstancePanel } from '../../../../../components/task-instance-panel';
import type { useGridSelection } from './use-grid-selection';

type TProps = {
  dagId: string;
  canEdit: boolean;
  /** The URL's selection, as useGridSelection reads it. */
  url: Pick<ReturnType<typeof useGridSelection>, 'selection' | 'tryNumber' | 'line' | 'selectTry' | 'selectLine'>;
  onClose: () => void;
};

/** The task instance panel the URL names (grid and graph alike), or nothing when none is open. */
export function SelectedTaskPanel({ dagId, canEdit, url, onClose }: TProps) {
  const { selection } = url;
  if (!selection || selection.taskId === null) return null;
  return (
    <TaskInstancePanel
      target={{ dagId, runId: selection.runId, taskId: selection.taskId }}
      canEdit={canEdit}
      onClose={onClose}
      tryNumber={url.tryNumber}
      onTrySelect={url.selectTry}
      line={url.line}
      onLineSelect={url.selectLine}
    />
  );
}
