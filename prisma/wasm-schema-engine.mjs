#!/usr/bin/env node
// Stand-in for Prisma's native `schema-engine` binary, for Prisma 7.x CLIs offline.
// Point PRISMA_SCHEMA_ENGINE_BINARY at this file. It speaks the same line-delimited
// JSON-RPC on stdin/stdout as the native engine, and runs each call on the Wasm schema
// engine (@prisma/schema-engine-wasm, same version as @prisma/engines-version) through
// @prisma/adapter-pg.
//
// Invocation forms used by the CLI:
//   schema-engine --datamodels <file> [...] [--datasource '{"url":...}'] [...]   (RPC server)
//   schema-engine --datasource '{"url":...}' cli <can-connect-to-database|create-database|drop-database>
//   schema-engine --version
import fs from 'node:fs/promises'
import path from 'node:path'
import readline from 'node:readline'
import { randomUUID } from 'node:crypto'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import * as bg from '@prisma/schema-engine-wasm/schema_engine_bg'
import { PrismaPg } from '@prisma/adapter-pg'
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils'

const require = createRequire(import.meta.url)
// The Wasm module reports a Rust panic through this global before it traps; without it the
// panic's text is lost and the CLI only says 'Starting schema-engine-wasm'.
globalThis.PRISMA_WASM_PANIC_REGISTRY ??= {
  set_message: (message) => process.stderr.write(`schema engine panic: ${message}\n`),
}
const wasmPkgDir = path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'))
const wasmVersion = JSON.parse(await fs.readFile(path.join(wasmPkgDir, 'package.json'), 'utf8')).version

// ---------- args ----------
const argv = process.argv.slice(2)
const datamodels = []
let datasource = null
let cliCommand = null
for (let i = 0; i < argv.length; i++) {
  const a = argv[i]
  if (a === '--datamodels') datamodels.push(argv[++i])
  else if (a === '--datasource') datasource = JSON.parse(argv[++i])
  else if (a === '--enabled-preview-features' || a === '--extension-types') i++
  else if (a === '--version' || a === '-V') {
    process.stdout.write(`schema-engine-cli ${wasmVersion.split('.').pop()} (wasm shim ${wasmVersion})\n`)
    process.exit(0)
  } else if (a === 'cli') cliCommand = argv[++i]
}

const log = (level, message, extra = {}) =>
  process.stderr.write(JSON.stringify({ level, fields: { message, ...extra }, target: 'schema_engine::logger' }) + '\n')

function pgConfigFromUrl(url) {
  const u = new URL(url)
  const cfg = {
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres',
    allowExitOnIdle: true,
  }
  const schema = u.searchParams.get('schema')
  return { cfg, schema }
}

// ---------- `cli <command>` one-shots ----------
if (cliCommand) {
  // the CLI drops the first stderr line before parsing the rest as JSON log lines
  log('INFO', `Starting schema engine CLI (wasm shim ${wasmVersion})`)
  const { cfg } = pgConfigFromUrl(datasource.url)
  const adminCfg = { ...cfg, database: 'postgres' }
  const run = async (c, sql) => { const cl = new pg.Client(c); await cl.connect(); try { return await cl.query(sql) } finally { await cl.end() } }
  try {
    if (cliCommand === 'can-connect-to-database') await run(cfg, 'SELECT 1')
    else if (cliCommand === 'create-database') await run(adminCfg, `CREATE DATABASE "${cfg.database.replace(/"/g, '""')}"`)
    else if (cliCommand === 'drop-database') await run(adminCfg, `DROP DATABASE IF EXISTS "${cfg.database.replace(/"/g, '""')}" WITH (FORCE)`)
    else throw new Error(`unsupported cli command ${cliCommand}`)
    process.stdout.write(JSON.stringify({ result: cfg.database }) + '\n')
    process.exit(0)
  } catch (e) {
    const code = e.code === '3D000' ? 'P1003' : e.code === '28P01' ? 'P1000' : e.code === 'ECONNREFUSED' ? 'P1001' : undefined
    log('ERROR', e.message, code ? { error_code: code } : {})
    process.exit(1)
  }
}

// ---------- adapter (with workarounds for adapter-pg 7.10) ----------
// - `"char"` (oid 18) / `name` (oid 19) result columns -> TEXT (prisma/orm#27403)
// - connectToShadowDb(): use discrete config fields (connectionString would override `database`),
//   close the shadow pool before DROP DATABASE, and honour datasource.shadowDatabaseUrl.
const REMAP = { 18: 25, 19: 25 }
// The 7.10 describer, run on the Wasm engine through this adapter, panics on every row of the
// query that lists check/exclusion constraints (sql-schema-describer/src/postgres.rs:1193), and
// PostgreSQL 18 adds a row per NOT NULL column to it (contype 'n'). Prisma neither manages CHECK
// constraints (ours live in migration SQL) nor needs NOT NULL from there (it reads pg_attribute),
// so leave both kinds out of that one introspection query.
function hideUnreadableConstraints(query) {
  const from = "contype NOT IN ('p', 'u', 'f')"
  if (typeof query?.sql !== 'string' || !query.sql.includes(from)) return query
  return { ...query, sql: query.sql.replace(from, "contype NOT IN ('p', 'u', 'f', 'n', 'c')") }
}
function patchQueryable(q) {
  const orig = q.performIO.bind(q)
  q.performIO = async (query) => {
    const res = await orig(hideUnreadableConstraints(query))
    for (const f of res?.fields ?? []) if (REMAP[f.dataTypeID]) f.dataTypeID = REMAP[f.dataTypeID]
    return res
  }
  if (typeof q.startTransaction === 'function') {
    const tx = q.startTransaction.bind(q)
    q.startTransaction = async (...a) => patchQueryable(await tx(...a))
  }
  if (typeof q.executeScript === 'function') {
    // adapter-pg's executeScript() splits the script on every ';' (breaks $$-quoted function
    // bodies and string literals). Send it as one simple-protocol multi-statement query instead.
    q.executeScript = async (script) => {
      try { await q.client.query(script) } catch (e) { q.onError(e) }
    }
  }
  return q
}
function makeAdapterFactory(ds) {
  const { cfg, schema } = pgConfigFromUrl(ds.url)
  const opts = schema ? { schema } : undefined
  const f = new PrismaPg(cfg, opts)
  const connect = f.connect.bind(f)
  f.connect = async () => patchQueryable(await connect())
  f.connectToShadowDb = async () => {
    if (ds.shadowDatabaseUrl) {
      const s = pgConfigFromUrl(ds.shadowDatabaseUrl)
      return patchQueryable(await new PrismaPg(s.cfg, s.schema ? { schema: s.schema } : undefined).connect())
    }
    const admin = await new PrismaPg(cfg).connect()
    const db = `prisma_migrate_shadow_db_${randomUUID()}`
    await admin.executeScript(`CREATE DATABASE "${db}"`)
    const shadow = patchQueryable(await new PrismaPg({ ...cfg, database: db }, opts).connect())
    const dispose = shadow.dispose.bind(shadow)
    shadow.dispose = async () => {
      await dispose()
      await admin.executeScript(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`)
      await admin.dispose()
    }
    return shadow
  }
  return bindMigrationAwareSqlAdapterFactory(f)
}

// ---------- Wasm engine ----------
const instance = new WebAssembly.Instance(
  new WebAssembly.Module(await fs.readFile(path.join(wasmPkgDir, 'schema_engine_bg.wasm'))),
  { './schema_engine_bg.js': bg },
)
bg.__wbg_set_wasm(instance.exports)
instance.exports.__wbindgen_start()

if (!datasource?.url) {
  log('ERROR', 'wasm-schema-engine shim: no --datasource url given (set datasource.url in prisma.config.ts)')
  process.exit(1)
}
const files = await Promise.all(datamodels.map(async (p) => [p, await fs.readFile(p, 'utf8')]))
// One Wasm engine per process, created on the first RPC call (like the native engine).
const newEngine = () => bg.SchemaEngine.new(
  { datamodels: files.length ? files : undefined },
  (line) => process.stderr.write(String(line).trimEnd() + '\n'),
  makeAdapterFactory(datasource),
)

// ---------- JSON-RPC loop ----------
const METHOD_MAP = { getDatabaseVersion: 'version' }
const send = (msg) => process.stdout.write(JSON.stringify(msg) + '\n')
let nextOwnId = 1_000_000_000
const pendingOwn = new Map()
const printToCli = (content) =>
  new Promise((resolve) => {
    const id = nextOwnId++
    pendingOwn.set(id, resolve)
    send({ jsonrpc: '2.0', id, method: 'print', params: { content } })
  })

function toRpcError(e) {
  const msg = e?.message ?? String(e)
  const isPanic = e instanceof WebAssembly.RuntimeError || /unreachable|panicked/i.test(e?.name ?? '') || e?.name === 'RuntimeError'
  if (isPanic) return { code: 4466, message: 'An error happened. Check the data field for details.', data: { is_panic: true, message: msg, error: { message: msg } } }
  const data = { is_panic: false, message: msg, backtrace: e?.stack }
  if (e && 'code' in e && e.code) { data.error_code = e.code; if (e.meta) data.meta = e.meta }
  return { code: 4466, message: 'An error happened. Check the data field for details.', data }
}

let engine
let shadowWarmed = false
let queue = Promise.resolve()
const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity })
rl.on('line', (line) => {
  if (!line.trim()) return
  let req
  try { req = JSON.parse(line) } catch { return }
  if (req.id !== undefined && pendingOwn.has(req.id) && req.method === undefined) {
    pendingOwn.get(req.id)(); pendingOwn.delete(req.id); return
  }
  queue = queue.then(async () => {
    const method = METHOD_MAP[req.method] ?? req.method
    try {
      engine ??= await newEngine()
      if (typeof engine[method] !== 'function') throw new Error(`wasm-schema-engine shim: method ${req.method} not supported`)
      if (method === 'evaluateDataLoss' && !shadowWarmed) {
        // Wasm engine quirk (also hits Prisma 6.19's own `engine: 'js'` path): evaluateDataLoss
        // fails with "PostgreSQL shadow DB must be provided through an external factory" unless
        // an earlier call in this engine already used the shadow DB -- e.g. `migrate dev` right
        // after it applied pending migrations. Warm it up with a shadow-DB history diagnosis.
        try {
          await engine.diagnoseMigrationHistory({ migrationsList: req.params.migrationsList, optInToShadowDatabase: true, filters: req.params.filters ?? { externalTables: [], externalEnums: [] } })
        } catch {}
      }
      if (method === 'evaluateDataLoss') shadowWarmed = true
      let result = await engine[method](req.params ?? {})
      if (result === undefined || result === null) result = {}
      if (method === 'diff' && typeof result.stdout === 'string') {
        const { stdout, ...rest } = result
        if (stdout) await printToCli(stdout)
        result = rest
      }
      send({ jsonrpc: '2.0', id: req.id, result })
    } catch (e) {
      send({ jsonrpc: '2.0', id: req.id, error: toRpcError(e) })
    }
  })
})
rl.on('close', async () => {
  await queue.catch(() => {})
  process.exit(0)
})
