/**
 * The emergency controller: the level in force (NORMAL, ALERT, HALT, SHUTDOWN), who set it, when
 * and why. It owns the `emergency_state` row and the `emergency_log` audit trail, keeps the level
 * in memory for the executor's gate (read on every node attempt: no I/O there), and keeps every
 * process in step through the bus topic `emergency`. It does not act on the level itself:
 * runtime.ts listens (`onChange`) and halts, releases or cancels executions.
 *
 * Ordering: each change gets the id of its audit row as `version`; a process applies a change
 * only when it is newer than the one it holds, so a late or repeated broadcast cannot roll the
 * level back. Other processes re-read the row when the broadcast arrives, and `refresh()` re-reads
 * it on the heartbeat (the bus delivers at most once).
 */
import { desc, eq, inArray, sql } from 'drizzle-orm';
import type { RuntimeEvent } from '@/lib/events';
import { cancelledBy, cancelledColumns } from '../db/cancelled';
import type { Db } from '../db/client';
import {
  emergencyLog,
  emergencyState,
  executions,
  workflows,
  type EmergencyLevel,
  type EmergencySource,
} from '../db/schema';
import type { Logger } from '../logger';
import type { AlertWebhook } from './alert-webhook';
import type { EventBus } from './event-bus/event-bus';
import { UserError } from './errors';

export const EMERGENCY_LEVELS = ['NORMAL', 'ALERT', 'HALT', 'SHUTDOWN'] as const;
export const EMERGENCY_SOURCES = ['ui', 'api', 'cli', 'rule', 'system'] as const;
export const EMERGENCY_TOPIC = 'emergency';
/** Where each process confirms it applied a change (`{ owner, version }`). */
export const EMERGENCY_ACK_TOPIC = 'emergency-ack';
/** How long `set` waits for the other live processes to confirm a HALT or SHUTDOWN. */
const ACK_TIMEOUT_MS = 500;
/** The pseudo execution/workflow id under which SSE clients receive `emergency_state_changed`. */
export const EMERGENCY_STREAM = 'emergency';

export type { EmergencyLevel, EmergencySource };

export type EmergencyState = {
  level: EmergencyLevel;
  reason: string;
  setBy: string;
  source: EmergencySource;
  rule: string | null;
  setAt: Date;
  /** The id of the audit row of this change (0: never changed). */
  version: number;
};

export type SetEmergency = {
  level: EmergencyLevel;
  reason: string;
  actor: string;
  source: EmergencySource;
  rule?: string | null;
};

/** A stored change: the new state and the level it replaced. */
export type EmergencyChange = EmergencyState & { previousLevel: EmergencyLevel };

export type EmergencyListener = (next: EmergencyState, previous: EmergencyState) => void;

/** Whether new executions (and trigger fires) are refused at this level. */
export const refusesNewRuns = (level: EmergencyLevel) => level === 'HALT' || level === 'SHUTDOWN';

const INITIAL: EmergencyState = {
  level: 'NORMAL',
  reason: '',
  setBy: 'system',
  source: 'system',
  rule: null,
  setAt: new Date(0),
  version: 0,
};

/** Reads the stored state (NORMAL when nothing was ever set). */
export async function readEmergencyState(db: Db): Promise<EmergencyState> {
  const [row] = await db.select().from(emergencyState).where(eq(emergencyState.id, 1));
  const [last] = await db
    .select({ id: sql<number>`max(${emergencyLog.id})`.mapWith(Number) })
    .from(emergencyLog);
  if (!row) return { ...INITIAL, version: last?.id ?? 0 };
  return {
    level: row.level,
    reason: row.reason,
    setBy: row.setBy,
    source: row.source,
    rule: row.rule,
    setAt: row.setAt,
    version: last?.id ?? 0,
  };
}

/**
 * Writes a change (state row and audit row, one transaction) and returns the new state. Used by
 * the controller, and by the CLI, which has no runtime.
 */
export async function writeEmergencyState(db: Db, input: SetEmergency): Promise<EmergencyChange> {
  const reason = input.reason.trim();
  if (!reason) throw new UserError('BAD_REQUEST', 'reason: say why the level changes');
  if (!EMERGENCY_LEVELS.includes(input.level))
    throw new UserError('BAD_REQUEST', `level: must be one of ${EMERGENCY_LEVELS.join(', ')}`);
  const actor = input.actor.trim() || 'unknown';
  return db.transaction(async (tx) => {
    // Lock the row so concurrent changes log the right previous level.
    await tx.insert(emergencyState).values({ id: 1 }).onConflictDoNothing();
    const [prev] = await tx
      .select({ level: emergencyState.level })
      .from(emergencyState)
      .where(eq(emergencyState.id, 1))
      .for('update');
    const setAt = new Date();
    const rule = input.rule ?? null;
    await tx
      .update(emergencyState)
      .set({ level: input.level, reason, setBy: actor, source: input.source, rule, setAt })
      .where(eq(emergencyState.id, 1));
    const [logged] = await tx
      .insert(emergencyLog)
      .values({
        level: input.level,
        previousLevel: prev?.level ?? 'NORMAL',
        reason,
        actor,
        source: input.source,
        rule,
        createdAt: setAt,
      })
      .returning({ id: emergencyLog.id });
    return {
      level: input.level,
      reason,
      setBy: actor,
      source: input.source,
      rule,
      setAt,
      version: logged!.id,
      previousLevel: prev?.level ?? 'NORMAL',
    };
  });
}

/**
 * The stored half of SHUTDOWN: executions paused or queued in no process end `cancelled`, and
 * every workflow is deactivated. Running ones are cancelled by their own process. Returns the
 * executions it cancelled (its runtime tells the watchers of those no live process holds).
 */
export async function shutdownStored(db: Db, reason: string) {
  const cancelled = await db
    .update(executions)
    .set(cancelledBy(reason))
    .where(inArray(executions.status, ['queued', 'waiting', 'halted']))
    .returning(cancelledColumns);
  await db.update(workflows).set({ isActive: false }).where(eq(workflows.isActive, true));
  return cancelled;
}

/** The reason recorded on what SHUTDOWN cancels. */
export const shutdownReason = (state: EmergencyState) =>
  `emergency SHUTDOWN by ${state.setBy}: ${state.reason}`;

type Wire = Omit<EmergencyState, 'setAt'> & { setAt: string };

function fromWire(message: unknown): EmergencyState | null {
  const m = message as Partial<Wire> | null;
  if (!m || typeof m.version !== 'number' || !EMERGENCY_LEVELS.includes(m.level!)) return null;
  return { ...(m as Wire), setAt: new Date(m.setAt!) };
}

/** Broadcasts a change to every process (the topic) and every browser (the SSE event). */
export async function broadcastEmergency(bus: EventBus, state: EmergencyState) {
  const event: RuntimeEvent = {
    type: 'emergency_state_changed',
    executionId: EMERGENCY_STREAM,
    workflowId: EMERGENCY_STREAM,
    seq: state.version,
    ts: state.setAt.getTime(),
    level: state.level,
    reason: state.reason,
    by: state.setBy,
  };
  bus.publish(event);
  await bus.send(EMERGENCY_TOPIC, { ...state, setAt: state.setAt.toISOString() } satisfies Wire);
}

/** How many processes obey a change when `set` returns (this one included). */
export type Confirmation = { processes: number; confirmed: number };

export async function createEmergency(deps: {
  db: Db;
  bus: EventBus;
  log: Logger;
  /** Where each change made here is announced (`ALERT_WEBHOOK_URL`). */
  alerts?: AlertWebhook | null;
  /**
   * This process's runtime id and the other live ones: with both, this process confirms each
   * change it applies, and `set(HALT|SHUTDOWN)` returns once every other process confirmed it
   * (or after ACK_TIMEOUT_MS), so "HALT returned" means "nothing anywhere starts a node".
   */
  owner?: string;
  peers?: () => Promise<string[]>;
  ackTimeoutMs?: number;
}) {
  let state = await readEmergencyState(deps.db);
  const listeners = new Set<EmergencyListener>();
  /** version → owners that confirmed it, and the waiters of `set`. */
  const acks = new Map<number, { owners: Set<string>; changed: () => void }>();

  function apply(next: EmergencyState) {
    if (next.version <= state.version) return;
    const previous = state;
    state = next;
    deps.log.warn(
      { level: next.level, previous: previous.level, by: next.setBy, source: next.source },
      `emergency level ${next.level}: ${next.reason}`,
    );
    for (const listener of listeners) {
      try {
        listener(next, previous);
      } catch (err) {
        deps.log.error({ err }, 'emergency listener failed');
      }
    }
  }

  // The broadcast is only a poke: the state is read back from this process's own database, so
  // a message from another installation sharing the Redis server (tests, staging) changes nothing.
  const confirm = (version: number) => {
    if (deps.owner)
      void deps.bus
        .send(EMERGENCY_ACK_TOPIC, { owner: deps.owner, version })
        .catch((err: unknown) => deps.log.warn({ err }, 'could not confirm the emergency level'));
  };
  const unlisten = deps.bus.listen(EMERGENCY_TOPIC, (message) => {
    const poke = fromWire(message);
    if (!poke) return;
    // Confirm only the change in force here: a peer holding a newer one does not obey this one.
    if (poke.version === state.version) return confirm(poke.version);
    if (poke.version < state.version) return;
    void readEmergencyState(deps.db)
      .then((stored) => {
        apply(stored);
        // Confirm only what the database holds: a poke from elsewhere is not obeyed, nor confirmed.
        if (state.version === poke.version) confirm(poke.version);
      })
      .catch((err: unknown) => deps.log.error({ err }, 'could not read the emergency level'));
  });
  const unlistenAcks = deps.bus.listen(EMERGENCY_ACK_TOPIC, (message) => {
    const m = message as { owner?: unknown; version?: unknown } | null;
    const waiting = typeof m?.version === 'number' ? acks.get(m.version) : undefined;
    if (!waiting || typeof m?.owner !== 'string') return;
    waiting.owners.add(m.owner);
    waiting.changed();
  });
  await Promise.all([unlisten.ready, unlistenAcks.ready]);

  /** Waits until every peer confirmed `version`, or the timeout; says how many did. */
  async function confirmations(version: number, peers: string[]): Promise<Confirmation> {
    if (peers.length === 0) return { processes: 1, confirmed: 1 };
    const entry = { owners: new Set<string>(), changed: () => {} };
    acks.set(version, entry);
    const all = () => peers.every((p) => entry.owners.has(p));
    try {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deps.ackTimeoutMs ?? ACK_TIMEOUT_MS);
        entry.changed = () => {
          if (all()) {
            clearTimeout(timer);
            resolve();
          }
        };
        entry.changed();
      });
    } finally {
      acks.delete(version);
    }
    const confirmed = peers.filter((p) => entry.owners.has(p)).length;
    if (confirmed < peers.length)
      deps.log.warn(
        { version, peers: peers.length, confirmed },
        'not every process confirmed the emergency level in time; they follow on their heartbeat',
      );
    return { processes: peers.length + 1, confirmed: confirmed + 1 };
  }
  if (state.level !== 'NORMAL')
    deps.log.warn(
      { level: state.level, by: state.setBy },
      `starting at emergency level ${state.level}`,
    );

  return {
    get: (): EmergencyState => state,
    /** The level in force in this process (the executor's gate reads it per node attempt). */
    level: (): EmergencyLevel => state.level,

    /**
     * Changes the level. When it returns, this process already obeys it (the gate reads memory);
     * other processes follow on the broadcast.
     */
    async set(
      input: SetEmergency,
    ): Promise<EmergencyState & { confirmation: Confirmation | null }> {
      const { previousLevel, ...next } = await writeEmergencyState(deps.db, input);
      apply(next);
      void deps.alerts?.notify(next, previousLevel);
      // Only a stopping level is worth waiting for; the rest follow the broadcast.
      const peers =
        deps.peers && refusesNewRuns(next.level) ? await deps.peers().catch(() => null) : null;
      const waiting = peers ? confirmations(next.version, peers) : null;
      const sent = await broadcastEmergency(deps.bus, next).then(
        () => true,
        (err: unknown) => {
          deps.log.error(
            { err },
            'emergency broadcast failed; other processes catch up on refresh',
          );
          return false;
        },
      );
      const confirmation = !peers
        ? null
        : waiting && sent
          ? await waiting
          : { processes: peers.length + 1, confirmed: 1 };
      return { ...next, confirmation };
    },

    /** Re-reads the stored level (a missed broadcast, or a change made by the CLI). */
    async refresh() {
      apply(await readEmergencyState(deps.db));
      return state;
    },

    /** Calls `listener` after every change of level in this process; returns the unsubscribe. */
    onChange(listener: EmergencyListener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },

    /** The audit log, newest first. */
    log(limit = 100) {
      return deps.db
        .select()
        .from(emergencyLog)
        .orderBy(desc(emergencyLog.createdAt), desc(emergencyLog.id))
        .limit(limit);
    },

    close() {
      unlisten();
      unlistenAcks();
      listeners.clear();
    },
  };
}

export type Emergency = Awaited<ReturnType<typeof createEmergency>>;
