import { signUp, ZSignUpSchema } from '../../services/users/sign-up';
import { listUserWorkspaces } from '../../services/workspaces/list-user-workspaces';
import { authedProcedure, createCallerFactory, publicProcedure, router } from '../init';
import { alertChannelsRouter } from './alert-channels';
import { authoringRouter } from './authoring';
import { backfillsRouter } from './backfills';
import { dagViewsRouter } from './dag-views';
import { dagsRouter } from './dags';
import { datasetObservationsRouter } from './dataset-observations';
import { datasetsRouter } from './datasets';
import { datasetScheduleRouter } from './dataset-schedule';
import { homeRouter } from './home';
import { incidentsRouter } from './incidents';
import { preferencesRouter } from './preferences';
import { runsRouter } from './runs';
import { searchRouter } from './search';
import { settingsRouter } from './settings';
import { taskInstancesRouter } from './task-instances';

export const appRouter = router({
  workspaces: router({
    list: authedProcedure.query(({ ctx }) => listUserWorkspaces(ctx.db, ctx.user.id)),
  }),
  users: router({
    signUp: publicProcedure.input(ZSignUpSchema).mutation(async ({ ctx, input }) => {
      const { user, workspaceSlug } = await signUp(ctx.db, input);
      return { email: user.email, workspaceSlug };
    }),
  }),
  dags: dagsRouter,
  authoring: authoringRouter,
  dagViews: dagViewsRouter,
  runs: runsRouter,
  backfills: backfillsRouter,
  settings: settingsRouter,
  alertChannels: alertChannelsRouter,
  incidents: incidentsRouter,
  datasets: datasetsRouter,
  datasetSchedule: datasetScheduleRouter,
  datasetObservations: datasetObservationsRouter,
  home: homeRouter,
  preferences: preferencesRouter,
  taskInstances: taskInstancesRouter,
  search: searchRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
