import type { Connection } from 'mysql2/promise';
import { describeMysqlError, describeMysqlTarget, mysqlSessionSettings, type TMysqlConnectionFields } from '../../domain/connections/mysql-settings';
import type { TEgressPolicy } from '../../domain/egress/decide-egress';
import { EgressRefusedError } from '../../integrations/egress';
import { openGuardedMysql } from '../../integrations/egress-mysql';
import { PROBE_TIMEOUT_MS, withDeadline } from './probe-deadline';


/**
 * The "Test" button for a `mysql` connection: through the same egress guard as a task's
 * session, log in and run `select 1`. Every failure is an answer in the server's words; the
 * password is never part of one (mysql2 does not repeat it, and only the target is named).
 */
export async function probeMysql(connection: TMysqlConnectionFields, egress: TEgressPolicy): Promise<{ status: boolean; message: string }> {
  const where = describeMysqlTarget(connection);
  const settings = mysqlSessionSettings(connection);
  if (!settings.ok) return { status: false, message: settings.error };
  let session: Connection | null = null;
  const opening = openGuardedMysql(egress, { ...settings.value, connectTimeout: PROBE_TIMEOUT_MS, flags: ['-LOCAL_FILES'] });
  try {
    session = await withDeadline(opening, `connecting to ${where}`);
    session.on('error', () => undefined);
    await withDeadline(session.query({ sql: 'select 1', timeout: PROBE_TIMEOUT_MS }), `running select 1 on ${where}`);
    return { status: true, message: `Connected to ${where} and ran select 1.` };
  } catch (error) {
    if (error instanceof EgressRefusedError) return { status: false, message: error.message };
    return { status: false, message: `Could not connect to ${where}: ${describeMysqlError(error)}` };
  } finally {
    // A session that opens after the deadline is closed as soon as it does.
    if (session) session.destroy();
    else void opening.then((late) => late.destroy(), () => undefined);
  }
}
