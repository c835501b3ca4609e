/**
 * History retention: keeps the executions table bounded (n8n's grows to gigabytes). At start and
 * every minute, finished executions older than EXECUTIONS_MAX_AGE, and those beyond the newest
 * EXECUTIONS_MAX_COUNT, are deleted with their node runs and log lines. Never an execution that
 * may still run (queued, running, waiting, halted), whatever its age.
 *
 * Deletes go a batch of ids per statement (each its own short transaction) with a pause in
 * between, so the executor's checkpoint writes never wait long behind the pruning.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { deleteExecutionsWhere } from '../db/execution-list';
import { executions } from '../db/schema';
import type { Logger } from '../logger';

export type RetentionOptions = {
  maxAgeMs: number;
  maxCount: number;
  /** Between prunes (default a minute). */
  intervalMs?: number;
  /** Between two delete statements (default 50 ms). */
  pauseMs?: number;
};

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `14d`, `36h`, `90m`, `30s` or plain seconds, in ms; a clear error naming `name` otherwise. */
export function parseDuration(text: string, name: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$/i.exec(text);
  const ms = match ? Number(match[1]) * UNITS[(match[2] || 's').toLowerCase()]! : NaN;
  if (!Number.isFinite(ms) || ms <= 0)
    throw new Error(
      `${name}="${text}": give a duration such as 14d, 36h, 90m, 30s or a number of seconds`,
    );
  return ms;
}

export function retentionFromEnv(
  env: Record<string, string | undefined> = process.env,
): RetentionOptions {
  const count = env.EXECUTIONS_MAX_COUNT?.trim();
  if (count && !/^\d+$/.test(count))
    throw new Error(`EXECUTIONS_MAX_COUNT="${count}": give a whole number (0: no count limit)`);
  return {
    maxAgeMs: parseDuration(env.EXECUTIONS_MAX_AGE || '14d', 'EXECUTIONS_MAX_AGE'),
    // 0 turns the count limit off.
    maxCount: count ? Number(count) : 10_000,
  };
}

/** One pass: by age, then by count. Returns how many executions each removed. */
export async function pruneExecutions(
  db: Db,
  o: RetentionOptions,
  stopped: () => boolean = () => false,
) {
  const pauseMs = o.pauseMs ?? 50;
  const byAge = await deleteExecutionsWhere(
    db,
    { to: new Date(Date.now() - o.maxAgeMs) },
    { pauseMs, stopped, countSkipped: false },
  );
  let byCount = { deleted: 0 };
  if (o.maxCount > 0 && !stopped()) {
    // The newest `maxCount` stay (unfinished ones among them); the keyset of the first one past
    // them is looked up again by each batch, through the (started_at, id) index.
    const oldestKept = sql`(select e.started_at, e.id from ${executions} e
      order by e.started_at desc nulls last, e.id desc nulls last offset ${o.maxCount - 1} limit 1)`;
    byCount = await deleteExecutionsWhere(
      db,
      {},
      {
        pauseMs,
        stopped,
        countSkipped: false,
        extra: [sql`(${executions.startedAt}, ${executions.id}) < ${oldestKept}`],
      },
    );
  }
  return { byAge: byAge.deleted, byCount: byCount.deleted };
}

/** Prunes at once and then every `intervalMs` (unref'd), one pass at a time; `stop` waits for it. */
export function startRetention(db: Db, o: RetentionOptions, log: Logger) {
  let stopped = false;
  let running: Promise<unknown> | null = null;
  const pass = () => {
    if (running || stopped) return running;
    running = pruneExecutions(db, o, () => stopped)
      .then((n) => {
        if (n.byAge + n.byCount > 0) log.info(n, 'pruned execution history');
        return n;
      })
      .catch((err: unknown) => log.error({ err }, 'could not prune execution history'))
      .finally(() => (running = null));
    return running;
  };
  void pass();
  const timer = setInterval(pass, o.intervalMs ?? 60_000);
  timer.unref();
  return {
    /** Runs a pass now (or joins the one under way). */
    async runNow() {
      await running;
      return (await pass()) as { byAge: number; byCount: number } | undefined;
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
