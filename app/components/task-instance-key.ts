/** Which task instance a panel shows: its own module, so the panel and its actions both import it. */
export type TTaskInstanceKey = { dagId: string; runId: string; taskId: string };
