/**
 * The process's stateful parts, created once: database, logger, node catalog (later: event bus,
 * runtime). Everything takes them as arguments; nothing imports a singleton from here but main.ts.
 */
import { openDatabase, type Database, type DatabaseOptions } from './db/client';
import { logger, type Logger } from './logger';
import { nodeCatalog } from './nodes/registry';
import type { Services } from './api/trpc';

export type ServerServices = Services & { database: Database; close(): Promise<void> };

export async function startServices(
  options: DatabaseOptions & { log?: Logger } = {},
): Promise<ServerServices> {
  const log = options.log ?? logger;
  const started = performance.now();
  const database = await openDatabase(options);
  log.info(
    { db: database.kind, location: database.location, ms: Math.round(performance.now() - started) },
    'database ready',
  );
  return {
    db: database.db,
    catalog: nodeCatalog,
    log,
    database,
    close: () => database.close(),
  };
}
