import { z } from 'zod';
import { ZTimeZonePreferenceSchema } from '../../domain/users/time-zone-preference';
import { getUserPreferences, setTimeZonePreference } from '../../services/users/user-preferences';
import { authedProcedure, router } from '../init';

/** The signed-in user's display preferences: always their own row, never another user's. */
export const preferencesRouter = router({
  get: authedProcedure.query(({ ctx }) => getUserPreferences(ctx.db, ctx.user.id)),
  setTimeZone: authedProcedure
    .input(z.object({ timeZone: ZTimeZonePreferenceSchema }))
    .mutation(({ ctx, input }) => setTimeZonePreference(ctx.db, ctx.user.id, input.timeZone)),
});
