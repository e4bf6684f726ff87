import type { TTaskType } from './task-type';

/** Airflow's EmptyOperator: marks a point in the graph (start, end, a join) and does nothing. */
export const emptyTask: TTaskType<'empty'> = {
  type: 'empty',
  async run() {
    return {};
  },
};
