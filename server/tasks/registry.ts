import type { TTaskType as TTaskTypeName } from '../domain/dag/task-configs';
import { bashTask } from './bash';
import { checkTask } from './check';
import { emptyTask } from './empty';
import { httpTask } from './http';
import { loadTask } from './load';
import { notifyTask } from './notify';
import { pythonTask } from './python';
import { scriptTask } from './script';
import { sensorTask } from './sensor';
import { sqlTask } from './sql';
import { triggerDagTask } from './trigger-dag';
import type { TTaskType } from './task-type';

/** Every task type by name: the mapped type makes a type missing here a compile error. */
export const TASK_TYPES_BY_NAME: { [K in TTaskTypeName]: TTaskType<K> } = {
  empty: emptyTask,
  bash: bashTask,
  http: httpTask,
  sql: sqlTask,
  load: loadTask,
  check: checkTask,
  notify: notifyTask,
  sensor: sensorTask,
  script: scriptTask,
  python: pythonTask,
  trigger_dag: triggerDagTask,
};
