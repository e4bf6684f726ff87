import Link from 'next/link';

/** The example a new workspace is offered first: the classic two-task DAG, readable at a glance. */
export const FIRST_EXAMPLE = 'hello_world';

/**
 * A workspace without DAGs: start one in the browser from an example (the new-DAG page opens
 * with it), or deploy specs with the CLI or the REST API.
 */
export function EmptyWorkspace({ workspace, canEdit }: { workspace: string; canEdit: boolean }) {
  return (
    <div className="panel empty-state">
      <h2>No DAGs in this workspace yet</h2>
      {canEdit ? (
        <p>
          <Link className="button-primary button-link" href={`/w/${workspace}/dags/new?example=${FIRST_EXAMPLE}`}>New DAG from an example</Link>{' '}
          <span className="muted">({FIRST_EXAMPLE}: two bash tasks, nightly; the editor offers the other examples and a blank template)</span>
        </p>
      ) : (
        <p className="muted">Viewers cannot create DAGs: ask an editor of this workspace to add one.</p>
      )}
      <p>
        Deploy a DAG spec (YAML or JSON) with the CLI, <code>tributary dags deploy my_dag.yaml</code>, or through
        the REST API (<code>POST /api/v1/dags</code>) with an API token. New DAGs start paused; unpause them here.
      </p>
    </div>
  );
}
