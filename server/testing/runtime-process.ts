/**
 * A runtime in a process of its own, for crash tests: the database (DATABASE_URL, else PGlite in
 * FLOWDECK_DATA_DIR), the bus (REDIS_URL, else memory), the runtime with the test node types, and
 * the /api handlers on PORT (0: any free port). Prints `ready <port>` once it serves.
 * Run: `tsx server/testing/runtime-process.ts`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openDatabase } from '../db/client';
import { createApiHandler, servicesState } from '../http/api';
import { logger } from '../logger';
import { createEventBus } from '../runtime/event-bus';
import { checkpointOptions, createRuntime } from '../runtime/runtime';
import type { ServerServices } from '../services';
import type { AnyNodeDefinition } from '../nodes/define-node';
import { testRegistry } from './test-nodes';

/** With REPORT_NODE_STARTS=1, each node start is printed as `start <nodeId> <epoch ms, fractional>`. */
const registry: Record<string, AnyNodeDefinition> = { ...testRegistry };
if (process.env.REPORT_NODE_STARTS === '1')
  for (const [type, def] of Object.entries(testRegistry))
    registry[type] = {
      ...def,
      run: (ctx) => {
        const at = performance.timeOrigin + performance.now();
        process.stdout.write(`start ${ctx.execution.nodeId} ${at}\n`);
        return def.run(ctx);
      },
    } as AnyNodeDefinition;

const database = await openDatabase();
const bus = createEventBus({ redisUrl: process.env.REDIS_URL, log: logger });
const runtime = await createRuntime({
  db: database.db,
  bus,
  log: logger,
  registry,
  catalog: registry,
  ...checkpointOptions(database),
  // Fast by default (crash tests wait for a dead process to be noticed); benches and tests set it.
  timing: {
    heartbeatMs: Number(process.env.HEARTBEAT_MS ?? 200),
    deadAfterMs: Number(process.env.DEAD_AFTER_MS ?? 1_000),
  },
});
const services: ServerServices = {
  db: database.db,
  catalog: testRegistry,
  log: logger,
  database,
  bus,
  runtime,
  snapshots: (filter) => runtime.snapshots(filter),
  close: async () => {
    await runtime.close();
    await bus.close();
    await database.close();
  },
};
const handle = createApiHandler(servicesState(Promise.resolve(services), logger), logger);
const server = createServer((req, res) => void handle(req, res, (req.url ?? '/').split('?')[0]!));
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`ready ${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close();
  void services.close().then(() => process.exit(0));
});
