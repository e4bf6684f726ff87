import type { PrismaClient } from '../../db/client';
import { timeZonePreferenceOf, type TTimeZonePreference } from '../../domain/users/time-zone-preference';
import { AppError } from '../app-error';

export type TUserPreferences = { timeZone: TTimeZonePreference };

/** The signed-in user's own display preferences (no workspace: they follow the user everywhere). */
export async function getUserPreferences(db: PrismaClient, userId: string): Promise<TUserPreferences> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { timeZonePreference: true } });
  if (!user) throw new AppError('not_found', 'This account no longer exists.');
  return { timeZone: timeZonePreferenceOf(user.timeZonePreference) };
}

/** Sets how times are printed for this user; only the user themself can (the caller passes its own id). */
export async function setTimeZonePreference(db: PrismaClient, userId: string, timeZone: TTimeZonePreference): Promise<TUserPreferences> {
  const { count } = await db.user.updateMany({ where: { id: userId }, data: { timeZonePreference: timeZone } });
  if (count === 0) throw new AppError('not_found', 'This account no longer exists.');
  return { timeZone };
}
