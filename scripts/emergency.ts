/**
 * `npm run emergency -- <normal|alert|halt|shutdown> --reason "…" [--actor name]`, or with no
 * level, the level in force. Works when the web server is down: it writes the level straight into
 * the database (DATABASE_URL, or the PGlite files under .data/) and broadcasts it on Redis
 * (REDIS_URL), where every running server obeys at once. Servers without Redis pick a change up
 * within their heartbeat (5 s).
 *
 * PGlite allows one process per data directory: while the server runs on PGlite, this tool cannot
 * open the database and says so; use the API (or the panel) then.
 */
import { hostname, userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { DataDirLockedError, openDatabase, type Database } from '../server/db/client';
import { logger } from '../server/logger';
import { alertWebhookFromEnv } from '../server/runtime/alert-webhook';
import { createEventBus } from '../server/runtime/event-bus';
import {
  broadcastEmergency,
  EMERGENCY_LEVELS,
  readEmergencyState,
  shutdownReason,
  shutdownStored,
  writeEmergencyState,
  type EmergencyLevel,
  type EmergencyState,
} from '../server/runtime/emergency';
import { UserError } from '../server/runtime/errors';

const USAGE = `usage: npm run emergency -- [normal|alert|halt|shutdown] --reason "why" [--actor name]`;

function print(state: EmergencyState) {
  const when = state.version === 0 ? 'never changed' : state.setAt.toISOString();
  console.log(`level:  ${state.level}`);
  if (state.version > 0) {
    console.log(`reason: ${state.reason}`);
    console.log(
      `set by: ${state.setBy} (${state.source}${state.rule ? `, rule ${state.rule}` : ''})`,
    );
  }
  console.log(`at:     ${when}`);
}

async function open(): Promise<Database> {
  try {
    return await openDatabase();
  } catch (err) {
    if (!(err instanceof DataDirLockedError)) throw err;
    console.error(
      `The embedded database (${err.dataDir}) is open in the Flowdeck server (pid ${err.pid}), and only one\n` +
        `process may open it. Use the API while the server runs:\n` +
        `  curl -X POST http://localhost:3000/api/trpc/emergency.set -H 'content-type: application/json' \\\n` +
        `    -d '{"json":{"level":"HALT","reason":"…"}}'\n` +
        `or stop the server and run this again. (If no server runs, remove ${err.dataDir}.lock.)`,
    );
    process.exit(2);
  }
}

async function main() {
  const { values, positionals } = parseArgs({
    options: { reason: { type: 'string' }, actor: { type: 'string' }, help: { type: 'boolean' } },
    allowPositionals: true,
  });
  if (values.help || positionals.length > 1) {
    console.log(USAGE);
    return void (process.exitCode = values.help ? 0 : 1);
  }
  const level = positionals[0]?.toUpperCase() as EmergencyLevel | undefined;
  if (level && !EMERGENCY_LEVELS.includes(level)) {
    console.error(`unknown level "${positionals[0]}"\n${USAGE}`);
    return void (process.exitCode = 1);
  }
  if (level && !values.reason?.trim()) {
    console.error(`--reason is required: say why the level changes\n${USAGE}`);
    return void (process.exitCode = 1);
  }
  // A bad ALERT_WEBHOOK_URL is said before anything changes, not after.
  const alerts = level ? alertWebhookFromEnv(logger) : null;
  const database = await open();
  try {
    if (!level) return print(await readEmergencyState(database.db));
    const { previousLevel, ...state } = await writeEmergencyState(database.db, {
      level,
      reason: values.reason!,
      actor: values.actor ?? `${userInfo().username}@${hostname()}`,
      source: 'cli',
    });
    // No server may be running to do it: the stored half of SHUTDOWN is done here too.
    if (level === 'SHUTDOWN') await shutdownStored(database.db, shutdownReason(state));
    const bus = createEventBus({ redisUrl: process.env.REDIS_URL, log: logger });
    try {
      await broadcastEmergency(bus, state);
    } finally {
      await bus.close();
    }
    print(state);
    if (alerts && !(await alerts.notify(state, previousLevel)))
      console.error(
        'the alert webhook (ALERT_WEBHOOK_URL) could not be reached; see the log above',
      );
    if (!process.env.REDIS_URL)
      console.log('(no REDIS_URL: running servers on this database follow within 5 s)');
  } finally {
    await database.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof UserError ? err.message : err);
  process.exit(1);
});
