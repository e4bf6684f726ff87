/**
 * Who may log in where, re-asserted by `npm start` on every start: the demo's sample
 * warehouse gets a role of its own (its owner, no other rights), and the metadata database
 * admits no one by default. Each step says what it skipped when the DATABASE_URL role may
 * not do it (a managed PostgreSQL whose role cannot create roles, for instance).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { ensureDatabase, quoteIdent } from '../server/db/embedded-postgres';
import { keepPrivate, writePrivateFile } from '../server/db/embedded-postgres-credentials';
import { generateDatabasePassword, scramSha256Verifier } from '../server/db/scram-verifier';

type TSay = (message: string) => void;

export function databaseNameOf(databaseUrl: string): string {
  return decodeURIComponent(new URL(databaseUrl).pathname.slice(1)) || 'tributary';
}

function withDatabase(databaseUrl: string, database: string, login?: { user: string; password: string }): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  if (login) {
    url.username = encodeURIComponent(login.user);
    url.password = encodeURIComponent(login.password);
  }
  return url.toString();
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The demo's sample warehouse: database `<metadata db>_warehouse`, owned by a role of the same
 * name (LOGIN, nothing else) whose password is kept in `passwordFile`. Returns that role's URL
 * of the database, or null (said why) when the database or its role cannot be made: the demo
 * then goes without a warehouse rather than hand tasks the metadata role.
 */
export async function prepareSampleWarehouse(options: { databaseUrl: string; passwordFile: string; say: TSay }): Promise<string | null> {
  const name = `${databaseNameOf(options.databaseUrl)}_warehouse`;
  const maintenanceUrl = withDatabase(options.databaseUrl, 'postgres');
  try {
    await ensureDatabase(maintenanceUrl, name);
  } catch (error) {
    options.say(`no sample warehouse (cannot create database ${name}: ${reason(error)})`);
    return null;
  }
  try {
    const password = await warehousePassword(options.passwordFile);
    await withClient(maintenanceUrl, (client) => ensureWarehouseRole(client, name, password));
    await withClient(withDatabase(options.databaseUrl, name), (client) => giveObjectsToRole(client, name));
    return withDatabase(options.databaseUrl, name, { user: name, password });
  } catch (error) {
    options.say(
      `no sample warehouse connection: database ${name} could not get a role of its own (${reason(error)}); ` +
        `tasks are never given the metadata database's role instead`,
    );
    return null;
  }
}

/**
 * Kept in the data directory rather than made anew at each start, so the demo's stored
 * connection (and its audit trail) does not change on every restart, and a worker started
 * apart from `npm start` keeps working across one.
 */
async function warehousePassword(file: string): Promise<string> {
  if (existsSync(file)) {
    await keepPrivate(file);
    const kept = (await readFile(file, 'utf8')).trim();
    if (kept) return kept;
  }
  const password = generateDatabasePassword();
  await writePrivateFile(file, `${password}\n`);
  return password;
}

/**
 * Creates or re-asserts the role: it may log in and own its database, and nothing more. Its
 * password is set on every start from the kept file (as a SCRAM verifier, see
 * scram-verifier.ts), so a role made by hand or by an older version ends up the same.
 */
async function ensureWarehouseRole(client: pg.Client, role: string, password: string) {
  const ident = quoteIdent(role);
  const verifier = client.escapeLiteral(scramSha256Verifier(password));
  const found = await client.query('select 1 from pg_roles where rolname = $1', [role]);
  if (found.rowCount === 0) {
    await client.query(`create role ${ident} login nosuperuser nocreatedb nocreaterole noreplication password ${verifier}`);
  } else {
    await client.query(`alter role ${ident} login nocreatedb nocreaterole password ${verifier}`);
    // Only a superuser may change these attributes, even to turn them off.
    const { rows } = await client.query<{ rolsuper: boolean }>('select rolsuper from pg_roles where rolname = current_user');
    if (rows[0]?.rolsuper) await client.query(`alter role ${ident} nosuperuser noreplication nobypassrls`);
  }
  const { rows } = await client.query<Record<string, boolean>>(
    `select rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls from pg_roles where rolname = $1`,
    [role],
  );
  const extra = Object.entries(rows[0] ?? {}).filter(([, granted]) => granted).map(([attribute]) => attribute);
  if (extra.length > 0) throw new Error(`role ${role} keeps ${extra.join(', ')}, which only a superuser can take away`);
  await client.query(`alter database ${ident} owner to ${ident}`);
}

/**
 * Sample tables made by earlier versions (and tables the examples' load tasks made since)
 * belong to the metadata role; hand them to the warehouse role so its tasks can still write
 * them. Schemas, tables, views and sequences of user schemas; a sequence that belongs to a
 * column follows its table. System catalogs (also owned by the bootstrap role) are left alone.
 */
async function giveObjectsToRole(client: pg.Client, role: string) {
  const target = client.escapeLiteral(role);
  await client.query(`
    do $$
    declare item record;
    begin
      for item in
        select nspname from pg_namespace
        where nspowner = current_user::regrole and nspname !~ '^pg_' and nspname <> 'information_schema'
      loop
        execute format('alter schema %I owner to %I', item.nspname, ${target});
      end loop;
      for item in
        select c.oid::regclass as relation from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relowner = current_user::regrole and n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
          and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
          and not exists (select 1 from pg_depend d
                          where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype in ('a', 'i'))
      loop
        execute format('alter table %s owner to %I', item.relation, ${target});
      end loop;
    end $$`);
}

/**
 * Only the metadata role may connect to the metadata database: PostgreSQL lets every role
 * (PUBLIC) connect to a new database, and the warehouse role is one a task holds. Skipped,
 * and said, when the role neither owns the database nor is a superuser: REVOKE would then
 * change nothing, and a role connecting only through PUBLIC would lock itself out.
 */
export async function closeMetadataDatabase(options: { databaseUrl: string; warehouseRole: string | null; say: TSay }) {
  const database = databaseNameOf(options.databaseUrl);
  try {
    await withClient(options.databaseUrl, async (client) => {
      const { rows } = await client.query<{ allowed: boolean }>(
        `select pg_has_role(current_user, d.datdba, 'USAGE') or r.rolsuper as allowed
         from pg_database d, pg_roles r where d.datname = current_database() and r.rolname = current_user`,
      );
      if (!rows[0]?.allowed) {
        options.say(`left CONNECT on database ${database} as it is: the DATABASE_URL role neither owns it nor is a superuser`);
        return;
      }
      await client.query(`revoke connect on database ${quoteIdent(database)} from public`);
      if (options.warehouseRole) {
        await client.query(`revoke connect on database ${quoteIdent(database)} from ${quoteIdent(options.warehouseRole)}`);
      }
    });
  } catch (error) {
    options.say(`could not revoke CONNECT on database ${database} from PUBLIC: ${reason(error)}`);
  }
}
