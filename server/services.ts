/**
 * The process's stateful parts, created once: database, event bus (memory or Redis), runtime,
 * logger and node catalog. Everything takes them as arguments; nothing imports a singleton from
 * here but main.ts.
 */
import type { Services } from './api/trpc';
import { openDatabase, type Database, type DatabaseOptions } from './db/client';
import { logger, type Logger } from './logger';
import { nodeCatalog, nodeRegistry } from './nodes/registry';
import { alertWebhookFromEnv } from './runtime/alert-webhook';
import { createEventBus } from './runtime/event-bus';
import type { EventBus } from './runtime/event-bus/event-bus';
import type { SnapshotProvider } from './runtime/event-bus/sse';
import { checkpointOptions, createRuntime, type Runtime } from './runtime/runtime';
import { seedTemplates } from './templates/seed';

export type ServerServices = Services & {
  database: Database;
  runtime?: Runtime;
  /** The process's event bus (runtime/event-bus: `createEventBus`); /api/events answers 503 without it. */
  bus?: EventBus;
  /** Execution snapshots from the record, for the first frame of /api/events. */
  snapshots?: SnapshotProvider;
  close(): Promise<void>;
};

export async function startServices(
  options: DatabaseOptions & { log?: Logger; redisUrl?: string } = {},
): Promise<ServerServices> {
  const log = options.log ?? logger;
  const started = performance.now();
  const database = await openDatabase(options);
  log.info(
    { db: database.kind, location: database.location, ms: Math.round(performance.now() - started) },
    'database ready',
  );
  const seeded = await seedTemplates(database.db, nodeCatalog);
  if (seeded.length > 0)
    log.info({ workflows: seeded }, 'first start: created the template workflows');
  const bus = createEventBus({ redisUrl: options.redisUrl ?? process.env.REDIS_URL, log });
  const runtime = await createRuntime({
    db: database.db,
    bus,
    log,
    registry: nodeRegistry,
    catalog: nodeCatalog,
    ...checkpointOptions(database),
    alerts: alertWebhookFromEnv(log),
  });
  return {
    db: database.db,
    catalog: nodeCatalog,
    log,
    database,
    bus,
    runtime,
    snapshots: (filter) => runtime.snapshots(filter),
    async close() {
      await runtime.close();
      await bus.close();
      await database.close();
    },
  };
}
