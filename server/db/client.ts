/**
 * Opens the database: PGlite (embedded Postgres in WASM, files under the data directory) when no
 * `DATABASE_URL` is given, Postgres through postgres.js when it is. Both speak the same drizzle
 * dialect, so everything above this file is written once.
 *
 * PGlite allows one instance per data directory: open it once per process (server/main.ts does).
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema';
import { migrateDatabase } from './migrate';
import { postgresTarget } from './postgres-url';
import { isProcessAlive } from '../process-identity';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

/** The `application_name` of the checkpoint writer's Postgres connection (pg_stat_activity). */
export const CHECKPOINT_CONNECTION = 'flowdeck-checkpoints';

/** A statement as text and its parameters ($1, $2, …). */
export type Query = { text: string; params: unknown[] };
/** Runs one statement (see `preparedRunner`). */
export type StatementRunner = (query: Query) => Promise<unknown>;

export type Database = {
  db: Db;
  /**
   * Runs the checkpoint writer's batch statements. On Postgres, over a connection of their own on
   * which batches are pipelined: a batch sent while another is being written waits in that
   * connection's socket, and Postgres starts it as soon as the first one commits, with no round
   * trip between (at 10 concurrent webhooks, ~15% more requests/s than a second connection or
   * than holding the batch back). On PGlite, the same as `db`.
   */
  checkpoints: StatementRunner;
  kind: 'pglite' | 'postgres';
  /** Where the data lives, for logs and /api/health (no password). */
  location: string;
  close(): Promise<void>;
};

/**
 * Runs statements that the server parses and plans once per connection: on Postgres a named
 * prepared statement of postgres.js (drizzle's `execute` sends each one unnamed, so Postgres
 * parses and plans it every time: for the checkpoint batch statement ~30% of the server's CPU per
 * execution in batches of 5), on PGlite its own `query`. For statements run over and over with
 * the same few texts. Every parameter must be cast in the SQL, a JSON one from `text`
 * (`$1::text::jsonb`): postgres.js serialises a parameter by the type the server infers for it,
 * and would JSON-encode a string bound to `jsonb` a second time.
 */
export function preparedRunner(db: Db, over?: postgres.Sql): StatementRunner {
  const client = over ?? (db as unknown as { $client: postgres.Sql | PGlite }).$client;
  if (client instanceof PGlite) return (q) => client.query(q.text, q.params);
  return (q) =>
    client.unsafe(q.text, q.params as postgres.ParameterOrJSON<never>[], { prepare: true });
}

export type DatabaseOptions = {
  /**
   * A postgres:// URL, read as libpq reads it (a Unix socket: `?host=/var/run/postgresql`); when
   * absent, `DATABASE_URL` is used, and without either, PGlite.
   */
  url?: string;
  /**
   * PGlite data directory; `memory://` keeps it in memory (tests). Giving one asks for PGlite
   * explicitly, so `DATABASE_URL` is then ignored.
   */
  dataDir?: string;
  /** Apply the migrations in drizzle/ (default true). */
  migrate?: boolean;
};

function redact(url: string): string {
  try {
    const u = postgresTarget(url).url;
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres';
  }
}

/** Another live process has the PGlite data directory open (PGlite allows one per directory). */
export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `the database in ${dataDir} is open in process ${pid}; PGlite allows one process per data directory`,
    );
  }
}

/**
 * Claims `<dataDir>.lock` for this process: a second process opening the same files would corrupt
 * them. A lock left by a dead process is taken over. Returns the release.
 */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const file = `${dataDir}.lock`;
  for (let tries = 0; ; tries++) {
    try {
      await writeFile(file, String(process.pid), { flag: 'wx' });
      return () => rm(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || tries > 0) throw err;
      const pid = Number(await readFile(file, 'utf8').catch(() => ''));
      if (pid > 0 && pid !== process.pid && isProcessAlive(pid))
        throw new DataDirLockedError(dataDir, pid);
      await rm(file, { force: true });
    }
  }
}

/** Opens (and by default migrates) the database named by the options or the environment. */
export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  // An explicit dataDir means PGlite: the tests' PGlite backend must not quietly become Postgres.
  const url = options.url ?? (options.dataDir === undefined ? process.env.DATABASE_URL : undefined);
  let database: Database;
  if (url) {
    const target = postgresTarget(url);
    const client = postgres(target.clientUrl, {
      ...target.clientOptions,
      max: 10,
      onnotice: () => {},
    });
    // One connection: postgres.js pipelines the queries sent while it is busy (it connects on
    // the first query, and again after a connection is lost).
    const checkpoints = postgres(target.clientUrl, {
      ...target.clientOptions,
      max: 1,
      onnotice: () => {},
      // A batch stuck behind a lock would hold up every batch pipelined behind it: past these, it
      // fails, and the writer tries its records again (flush() callers are told meanwhile).
      connection: {
        application_name: CHECKPOINT_CONNECTION,
        lock_timeout: 10_000,
        statement_timeout: 30_000,
      },
    });
    const db = drizzlePostgres({ client, schema, casing: 'snake_case' }) as unknown as Db;
    database = {
      db,
      checkpoints: preparedRunner(db, checkpoints),
      kind: 'postgres',
      location: redact(url),
      close: () =>
        Promise.all([client.end({ timeout: 5 }), checkpoints.end({ timeout: 5 })]).then(
          () => undefined,
        ),
    };
  } else {
    const dataDir =
      options.dataDir ?? path.resolve(process.env.FLOWDECK_DATA_DIR ?? '.data', 'pglite');
    let unlock = async () => {};
    if (!dataDir.startsWith('memory://')) {
      await mkdir(dataDir, { recursive: true });
      unlock = await lockDataDir(dataDir);
    }
    let client: PGlite;
    try {
      client = await PGlite.create(dataDir);
    } catch (err) {
      await unlock();
      throw err;
    }
    const db = drizzlePglite({ client, schema, casing: 'snake_case' }) as unknown as Db;
    database = {
      db,
      checkpoints: preparedRunner(db),
      kind: 'pglite',
      location: dataDir,
      close: () => client.close().finally(unlock),
    };
  }
  if (options.migrate !== false) {
    try {
      await migrateDatabase(database, url);
    } catch (err) {
      await database.close();
      throw err;
    }
  }
  return database;
}
