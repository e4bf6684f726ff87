import { getWorkspaceHome } from '../../services/home/get-workspace-home';
import { router, workspaceProcedure } from '../init';

export const homeRouter = router({
  /** Everything the workspace home shows, in one call. */
  overview: workspaceProcedure.query(({ ctx }) => getWorkspaceHome(ctx.service, new Date())),
});
