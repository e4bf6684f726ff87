import { formatByteSize } from '../../server/domain/byte-size';
import { systemContext } from '../../server/services/context';
import { setWorkspaceQuota } from '../../server/services/workspaces/set-workspace-quota';
import { createOutput } from '../output';
import { ADMIN_ACTOR } from './admin-commands';
import { findWorkspace, withAdminDatabase } from './admin-database';
import { asCliErrors } from './admin-errors';

type TSetQuotaOptions = { runningTasks?: number; logPerDay?: number; json?: boolean };

/** `admin set-quota <workspace> [--running-tasks N] [--log-per-day 2GiB]` */
export async function setQuotaCommand(slug: string, options: TSetQuotaOptions): Promise<number> {
  const out = createOutput(options);
  const quota = await withAdminDatabase((db) =>
    asCliErrors(async () => {
      const workspace = await findWorkspace(db, slug);
      return setWorkspaceQuota(systemContext(db, workspace.id, ADMIN_ACTOR), { maxRunningTasks: options.runningTasks, logBytesPerDay: options.logPerDay });
    }),
  );
  out.result(
    {
      workspace: quota.slug,
      running_tasks: quota.maxRunningTasks,
      running_now: quota.runningTasks,
      log_bytes_per_day: quota.logBytesPerDay,
      log_bytes_today: quota.logBytesToday,
    },
    () => {
      out.say(`Workspace ${quota.slug}: at most ${quota.maxRunningTasks} task instances queued or running at once (${quota.runningTasks} now).`);
      out.say(`Log quota: ${formatByteSize(quota.logBytesPerDay)} per day (UTC), ${formatByteSize(quota.logBytesToday)} used today.`);
    },
  );
  return 0;
}
