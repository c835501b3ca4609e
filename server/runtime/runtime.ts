/**
 * The runtime of one process: executor, checkpoints, triggers, approvals, crash recovery and
 * metrics, wired together. server/services.ts creates it once; the tRPC `runtime` router, the
 * webhook handler and the SSE endpoint call into it. Routers stay thin; the rules live here.
 */
import { hostname } from 'node:os';
import {
  and,
  desc,
  eq,
  inArray,
  isNotNull,
  isNull,
  lt,
  ne,
  notInArray,
  or,
  sql,
} from 'drizzle-orm';
import { nanoid } from 'nanoid';
import type { ExecutionSnapshot, TriggerKind } from '@/lib/events';
import { formatIssues } from '@/lib/zod-issues';
import {
  namingNodes,
  unconnectedInputs,
  validateWorkflow,
  type NodeTypeCatalog,
  type Workflow,
  type WorkflowNode,
} from '@/lib/workflow';
import type { Database, Db, StatementRunner } from '../db/client';
import { cancelledBy, cancelledColumns, type CancelledRow } from '../db/cancelled';
import { UNFINISHED } from '../db/execution-list';
import { executions, runtimeInstances, workflows } from '../db/schema';
import { getWorkflow } from '../db/workflows';
import type { AnyNodeDefinition } from '../nodes/define-node';
import type { Logger } from '../logger';
import type { AlertWebhook } from './alert-webhook';
import { APPROVALS_TOPIC, createApprovals, type Decision } from './approvals';
import {
  createCheckpointWriter,
  createDbCheckpointStore,
  type ExecutionRecord,
  type NodeRunRecord,
} from './checkpoint';
import type { EventBus } from './event-bus/event-bus';
import { withExecutionFeed } from './event-bus/execution-feed';
import {
  createEmergency,
  refusesNewRuns,
  shutdownReason,
  shutdownStored,
  type EmergencyState,
} from './emergency';
import { notFound, UserError } from './errors';
import type { ExecutionRun } from './execution';
import { createExecutionLogWriter, logLevels, type ExecutionLogLevel } from './execution-logs';
import { createExecutor, newExecutionId } from './executor';
import { createLiveProps } from './live-props';
import { createMetrics } from './metrics';
import { createCircuitBreakers } from './resilience/circuit-breaker';
import { retentionFromEnv, startRetention, type RetentionOptions } from './retention';
import { createDbState } from './state';
import { createPaperVenue } from '../trading/paper-venue';
import type { EmergencyApi } from '../trading/types';
import { isDeadHere, processKey, runtimeOpenHere } from '../process-identity';
import { channelTopic, createTriggers, type WebhookRoute } from './triggers';

const HEARTBEAT_MS = 5_000;
const DEAD_AFTER_MS = 15_000;
const MAX_EVENT_HOPS = 8;
const MAX_QUEUED_PER_WORKFLOW = 100;
/** At most this many executions of a workflow held by other processes go into its SSE snapshot. */
const WORKFLOW_SNAPSHOTS_ELSEWHERE = 20;

/** A trigger firing waiting for its turn (concurrency: queue). */
type QueuedFiring = {
  id: string;
  workflowId: string;
  /** Starts it; false when it was refused instead (the next one then gets its turn). */
  start(): boolean;
  /** Takes it out: recorded cancelled for the reason, and its turn resolves to null. */
  drop(reason: string): void;
};

/**
 * Bus topic on which a runtime asks the process that holds an execution in memory to cancel it or
 * to apply an approval decision: a change written to the database by another process would be
 * written over by the holder's own copy, which goes on running or waiting.
 */
export const CONTROL_TOPIC = 'runtime-control';

type ControlMessage =
  | { to: string; kind: 'cancel'; executionId: string; by: string }
  | {
      to: string;
      kind: 'decide';
      executionId: string;
      nodeId: string;
      approvalId: string;
      decision: Exclude<Decision, 'timed_out'>;
      by: string;
      comment?: string;
    };

/** A firing queued behind the run in progress: its execution id now, its run when its turn comes. */
export type QueuedRun = { executionId: string; turn: Promise<ExecutionRun | null> };
/** How long SHUTDOWN waits for cancelled executions to settle before the shutdown hooks run. */
const SHUTDOWN_SETTLE_MS = 2_000;

export type RuntimeOptions = {
  db: Db;
  bus: EventBus;
  log: Logger;
  registry: Readonly<Record<string, AnyNodeDefinition>>;
  catalog: NodeTypeCatalog;
  breakers?: { failureThreshold: number; cooldownMs: number };
  /** Runs the checkpoint batch statements (`Database.checkpoints`; default: over `db`). */
  checkpoints?: StatementRunner;
  /** Checkpoint batches in flight at once (Postgres: pipelined on one connection; PGlite: 1). */
  checkpointConcurrency?: number;
  /** Where each emergency level change made in this process is POSTed (`ALERT_WEBHOOK_URL`). */
  alerts?: AlertWebhook | null;
  /** Skip crash recovery and heartbeats (tests that drive recovery by hand). */
  recover?: boolean;
  /** Lowest level of the log lines kept in an execution's history (default: EXECUTION_LOG_LEVEL, or info). */
  executionLogLevel?: ExecutionLogLevel;
  /** History retention (default: EXECUTIONS_MAX_AGE / EXECUTIONS_MAX_COUNT); false: none. */
  retention?: RetentionOptions | false;
  /** How often this process proves it is alive, and after how long without proof another is taken for dead. */
  timing?: { heartbeatMs: number; deadAfterMs: number };
};

/**
 * How a runtime writes checkpoints to this database, as the server does: over its checkpoint
 * connection, with up to CHECKPOINT_CONCURRENCY batches in flight (default 4 on Postgres,
 * pipelined; 1 on PGlite, which runs one statement at a time anyway).
 */
export function checkpointOptions(database: Database): {
  checkpoints: StatementRunner;
  checkpointConcurrency: number;
} {
  return {
    checkpoints: database.checkpoints,
    checkpointConcurrency:
      Number(process.env.CHECKPOINT_CONCURRENCY) || (database.kind === 'postgres' ? 4 : 1),
  };
}

type ChannelMessage = {
  channel: string;
  payload: unknown;
  from: { workflowId: string; executionId: string } | null;
  hops: number;
};

export async function createRuntime(o: RuntimeOptions) {
  const owner = `rt_${nanoid(10)}`;
  runtimeOpenHere(owner, true);
  const { heartbeatMs, deadAfterMs } = o.timing ?? {
    heartbeatMs: HEARTBEAT_MS,
    deadAfterMs: DEAD_AFTER_MS,
  };
  const log = o.log.child({ runtime: owner });
  const store = createDbCheckpointStore(o.db, o.checkpoints);
  const metrics = createMetrics({
    defaults: true,
    subscribers: () => o.bus.stats().subscribers,
    // Scraped only once the runtime is made, so `emergency` (below) is there by then.
    emergency: () => emergency.level(),
  });
  const writer = createCheckpointWriter(store, {
    log,
    maxInFlight: o.checkpointConcurrency ?? 1,
    onBatch: metrics.checkpointBatch,
  });
  const approvals = createApprovals({ db: o.db, writer, log });
  const executionLogs = createExecutionLogWriter({
    db: o.db,
    log,
    level: o.executionLogLevel ?? executionLogLevelFromEnv(),
    beforeWrite: (ids) => Promise.all(ids.map((id) => writer.flush(id))).then(() => undefined),
  });
  const running = new Map<string, Set<string>>();
  /** Trigger firings waiting for their turn (concurrency: queue), per workflow, and by id. */
  const queued = new Map<string, QueuedFiring[]>();
  const queuedById = new Map<string, QueuedFiring>();
  const dropQueued = (reason: string, workflowId?: string) => {
    for (const [id, queue] of queued)
      if (workflowId === undefined || id === workflowId) {
        queued.delete(id);
        for (const entry of queue) entry.drop(reason);
      }
  };
  const emergency = await createEmergency({
    db: o.db,
    bus: o.bus,
    log,
    alerts: o.alerts,
    owner,
    peers: () => livePeers(),
  });
  const paper = createPaperVenue(o.db);
  const rank = { NORMAL: 0, ALERT: 1, HALT: 2, SHUTDOWN: 3 } as const;
  // What nodes may do with the emergency level: raise it as a rule, never lower it. Raises run
  // one after another, so rules breaching at once (parallel executions) log one change, not many.
  let raising: Promise<unknown> = Promise.resolve();
  const emergencyForNodes: EmergencyApi = {
    level: () => emergency.level(),
    raise(level, reason, rule) {
      const next = raising.then(async () => {
        if (rank[emergency.level()] >= rank[level]) return false;
        await emergency.set({ level, reason, rule, actor: 'automatic rule', source: 'rule' });
        return true;
      });
      raising = next.catch(() => {});
      return next;
    },
  };
  const liveProps = await createLiveProps({
    db: o.db,
    bus: o.bus,
    log,
    registry: o.registry,
    catalog: o.catalog,
    // Applied overrides become the saved props: an armed workflow runs the new version from now on.
    onApplied: (workflow) => void rearm(workflow),
  });

  const publish = async (channel: string, payload: unknown, from: ExecutionRecord | null) => {
    const hops =
      from && typeof from.input === 'object' && from.input && 'hops' in from.input
        ? Number((from.input as ChannelMessage).hops) + 1
        : 0;
    if (hops > MAX_EVENT_HOPS)
      throw new UserError(
        'BAD_REQUEST',
        `channel "${channel}": more than ${MAX_EVENT_HOPS} workflows in a row fed each other; stopped to avoid a loop`,
      );
    const message: ChannelMessage = {
      channel,
      payload,
      from: from && { workflowId: from.workflowId, executionId: from.id },
      hops,
    };
    await o.bus.send(channelTopic(channel), message);
  };

  /** The bus as the executor publishes to it (execution-level events also go to the feed). */
  const feedBus = withExecutionFeed(o.bus, log);
  const executor = createExecutor({
    registry: o.registry,
    writer,
    bus: feedBus,
    logger: log,
    breakers: createCircuitBreakers(o.breakers ?? { failureThreshold: 5, cooldownMs: 30_000 }),
    state: (workflowId) => createDbState(o.db, workflowId),
    publish,
    owner,
    approvals: approvals.hooks,
    liveProps: liveProps.forNode,
    paper,
    emergency: emergencyForNodes,
    metrics: metrics.executor,
    logs: executionLogs,
    // HALT: every node attempt waits (the execution pauses, resumable); SHUTDOWN: none may start.
    gate: () => {
      const level = emergency.level();
      return level === 'HALT' ? 'halt' : level === 'SHUTDOWN' ? 'refuse' : 'run';
    },
    onFinished: (run) => {
      executionLogs.finished(run.id);
      metrics.running.dec();
      const set = running.get(run.record.workflowId);
      set?.delete(run.id);
      startQueued(run.record.workflowId);
    },
  });

  function track(run: ExecutionRun) {
    metrics.running.inc();
    let set = running.get(run.record.workflowId);
    if (!set) running.set(run.record.workflowId, (set = new Set()));
    set.add(run.id);
    return run;
  }

  /**
   * A new version of the workflow was saved (edited, renamed, restored, live values applied): if
   * it is active here, its triggers fire that version from now on, as a deploy does in Node-RED.
   * A version that cannot be armed (no trigger left, a webhook path another workflow holds)
   * leaves the armed one firing.
   * @returns null when nothing was armed or the new version now is; else what stays, and why.
   */
  function rearm(workflow: Workflow): { keptVersion: number; reason: string } | null {
    const armedNow = triggers.armedWorkflow(workflow.id);
    if (!armedNow) return null;
    try {
      triggers.arm(runnable(workflow, { wired: false }));
      return null;
    } catch (err) {
      if (!triggers.isArmed(workflow.id)) triggers.arm(armedNow);
      log.warn(
        { err, workflowId: workflow.id, version: workflow.version },
        'saved version not armed; the active one keeps firing',
      );
      return { keptVersion: armedNow.version, reason: (err as Error).message };
    }
  }

  /**
   * The workflow, checked for running. `wired: false` skips the check of inputs left unconnected:
   * for a workflow that is already active (re-armed at start, or given applied live values),
   * which stays on rather than stop firing with only a log line; a node missing its input then
   * fails in each run, naming it.
   */
  function runnable(workflow: Workflow, { wired = true } = {}): Workflow {
    const result = validateWorkflow(workflow, o.catalog);
    if (!result.ok)
      throw new UserError('BAD_REQUEST', `This workflow cannot run:\n${result.message}`, {
        issues: result.issues,
      });
    const unconnected = wired ? unconnectedInputs(result.workflow, o.catalog) : [];
    if (unconnected.length > 0)
      throw new UserError(
        'BAD_REQUEST',
        `This workflow cannot run:\n${formatIssues(namingNodes(unconnected, result.workflow))}`,
        { issues: unconnected },
      );
    return result.workflow;
  }

  function start(
    workflow: Workflow,
    trigger: TriggerKind,
    input: unknown,
    triggerNodeId: string | null,
    rerunOf: string | null = null,
    executionId?: string,
  ) {
    const { level, reason } = emergency.get();
    if (refusesNewRuns(level))
      throw new UserError(
        'SERVICE_UNAVAILABLE',
        `refused: the emergency level is ${level} (${reason}); no new execution starts until it is back to NORMAL or ALERT`,
      );
    return track(executor.start({ workflow, trigger, input, triggerNodeId, rerunOf, executionId }));
  }

  /**
   * A trigger fired: apply the workflow's concurrency setting (default: skip for timers, parallel
   * otherwise). Returns the run; null when it was skipped (or refused); with `queue` while a run is
   * going, the queued execution: its id at once (recorded as "queued", so the history lists it and
   * `cancel` takes it) and its run once its turn comes (null if it never comes: cancelled, the
   * workflow deactivated, an emergency level).
   */
  function fire(
    workflow: Workflow,
    node: WorkflowNode,
    kind: 'interval' | 'cron' | 'webhook' | 'event',
    input: unknown,
  ) {
    if (refusesNewRuns(emergency.level())) {
      metrics.triggerSkips.inc();
      return null;
    }
    const mode =
      workflow.settings.concurrency ??
      (kind === 'interval' || kind === 'cron' ? 'skip' : 'parallel');
    const busy = (running.get(workflow.id)?.size ?? 0) > 0;
    const go = () => start(workflow, kind, input, node.id);
    if (!busy || mode === 'parallel') return go();
    if (mode === 'skip') {
      metrics.triggerSkips.inc();
      log.debug(
        { workflowId: workflow.id, nodeId: node.id },
        'trigger skipped: previous run still going',
      );
      return null;
    }
    const queue = queued.get(workflow.id) ?? [];
    queued.set(workflow.id, queue);
    if (queue.length >= MAX_QUEUED_PER_WORKFLOW) {
      log.warn({ workflowId: workflow.id }, 'trigger dropped: queue full');
      return null;
    }
    const record: ExecutionRecord = {
      id: newExecutionId(),
      workflowId: workflow.id,
      workflowVersion: workflow.version,
      status: 'queued',
      triggerKind: kind,
      triggerNodeId: node.id,
      input: input ?? null,
      output: null,
      error: null,
      rerunOf: null,
      nodesSucceeded: 0,
      nodesFailed: 0,
      owner,
      startedAt: new Date(),
      finishedAt: null,
      lastSeq: 0,
    };
    writer.execution(record);
    let settle!: (run: ExecutionRun | null) => void;
    let fail!: (err: Error) => void;
    const turn = new Promise<ExecutionRun | null>((resolve, reject) => {
      settle = resolve;
      fail = reject;
    });
    const entry: QueuedFiring = {
      id: record.id,
      workflowId: workflow.id,
      start: () => {
        queuedById.delete(record.id);
        // Its turn came under HALT or SHUTDOWN: refused, as a firing then would be.
        const { level } = emergency.get();
        if (refusesNewRuns(level)) {
          entry.drop(`not started: the emergency level is ${level}`);
          return false;
        }
        try {
          settle(start(workflow, kind, input, node.id, null, record.id));
          return true;
        } catch (err) {
          log.error(
            { err, executionId: record.id, workflowId: record.workflowId },
            'a queued firing could not start',
          );
          recordDropped(`could not start: ${(err as Error).message}`);
          fail(err as Error);
          return false;
        }
      },
      drop: (reason) => {
        queuedById.delete(record.id);
        recordDropped(reason);
        settle(null);
      },
    };
    function recordDropped(reason: string) {
      const at = new Date();
      writer.execution({
        ...record,
        status: 'cancelled',
        error: { code: 'CANCELLED', message: reason },
        finishedAt: at,
        lastSeq: 1,
      });
      metrics.executor.executionFinished('cancelled');
      // Said on its stream and the history feed: a page showing it queued updates.
      feedBus.publish({
        type: 'execution_cancelled',
        reason,
        executionId: record.id,
        workflowId: record.workflowId,
        seq: 1,
        ts: at.getTime(),
      });
    }
    // Timer and event triggers drop the turn (the failure is logged and recorded above).
    turn.catch(() => {});
    queue.push(entry);
    queuedById.set(record.id, entry);
    return { executionId: record.id, turn } satisfies QueuedRun;
  }

  /**
   * A run of the workflow finished: the next queued firing starts. One that is refused (the
   * emergency level) is answered at once, and the one behind it gets its turn, so no firing
   * waits behind a queue that nothing would move any more.
   */
  function startQueued(workflowId: string) {
    const queue = queued.get(workflowId);
    if (!queue) return;
    while (queue.length > 0) if (queue.shift()!.start()) break;
    if (queue.length === 0 && queued.get(workflowId) === queue) queued.delete(workflowId);
  }

  const triggers = createTriggers({
    registry: o.registry,
    bus: o.bus,
    log,
    fire: (wf, node, kind, input) => void fire(wf, node, kind, input),
  });

  /* Crash recovery ------------------------------------------------------------------------ */

  async function heartbeat() {
    await o.db
      .insert(runtimeInstances)
      .values({ id: owner, host: hostname(), pid: process.pid, processKey: processKey() })
      .onConflictDoUpdate({ target: runtimeInstances.id, set: { heartbeatAt: new Date() } });
  }

  /**
   * Forgets the heartbeats of runtimes whose process is certainly gone from this machine (see
   * process-identity.ts), so that their executions count as orphaned now rather than once the
   * heartbeat is `deadAfterMs` old: a server restarted after a crash resumes them as it starts.
   */
  async function forgetDeadHere() {
    const key = processKey();
    if (key === null) return;
    const rows = await o.db
      .select({
        id: runtimeInstances.id,
        pid: runtimeInstances.pid,
        processKey: runtimeInstances.processKey,
      })
      .from(runtimeInstances)
      .where(and(eq(runtimeInstances.processKey, key), ne(runtimeInstances.id, owner)));
    const dead = rows.filter(isDeadHere).map((r) => r.id);
    if (dead.length === 0) return;
    await o.db.delete(runtimeInstances).where(inArray(runtimeInstances.id, dead));
    log.info(
      { runtimes: dead },
      'runtimes of this machine whose process is gone: their executions are orphaned',
    );
  }

  /** A runtime that proved it is alive lately (its heartbeat is fresh). */
  function isAlive() {
    return sql`${runtimeInstances.heartbeatAt} > now() - make_interval(secs => ${deadAfterMs / 1000})`;
  }

  /**
   * Cancels an execution this process holds: running or waiting ('cancelling': it stops once its
   * running nodes see the abort), or queued behind another run ('cancelled'). Null when it holds
   * none; a CONFLICT when it has just finished.
   */
  async function cancelHere(
    executionId: string,
    by: string,
  ): Promise<'cancelling' | 'cancelled' | null> {
    if (executor.cancel(executionId, `cancelled by ${by}`)) return 'cancelling';
    // Finished a moment ago, its last record still being written: say how it ended.
    const ended = executor.get(executionId);
    if (ended) {
      const { status } = await ended.done;
      throw new UserError('CONFLICT', `execution "${executionId}" is already ${status}`);
    }
    const waiting = queuedById.get(executionId);
    if (!waiting) return null;
    const queue = queued.get(waiting.workflowId);
    queue?.splice(queue.indexOf(waiting), 1);
    waiting.drop(`cancelled by ${by} before its turn`);
    await writer.flush(executionId);
    return 'cancelled';
  }

  /** The live runtime, other than this one, that holds the execution (null: none). */
  async function liveHolder(executionId: string): Promise<string | null> {
    const [row] = await o.db
      .select({ owner: executions.owner })
      .from(executions)
      .innerJoin(runtimeInstances, eq(runtimeInstances.id, executions.owner))
      .where(
        and(
          eq(executions.id, executionId),
          inArray(executions.status, UNFINISHED),
          ne(executions.owner, owner),
          isAlive(),
        ),
      );
    return row?.owner ?? null;
  }

  /** Rows whose runtime is gone: no owner, or one whose heartbeat is old. */
  const orphaned = () =>
    or(
      isNull(executions.owner),
      notInArray(
        executions.owner,
        o.db.select({ id: runtimeInstances.id }).from(runtimeInstances).where(isAlive()),
      ),
    );
  /** Rows no other live runtime holds: orphaned, or this runtime's. */
  const notHeldElsewhere = () => or(orphaned(), eq(executions.owner, owner));

  /**
   * Cancels an unfinished execution in the database alone: one no live process holds (its own
   * died), or one of this process's that it does not hold in memory. True when it did.
   */
  async function cancelRecord(executionId: string, by: string): Promise<boolean> {
    const rows = await o.db
      .update(executions)
      .set(cancelledBy(`cancelled by ${by}`))
      .where(
        and(
          eq(executions.id, executionId),
          inArray(executions.status, UNFINISHED),
          notHeldElsewhere(),
        ),
      )
      .returning(cancelledColumns);
    await cancelledInRecord(rows);
    return rows.length > 0;
  }

  /**
   * After executions were cancelled in the database alone (no process holds them): what the run
   * itself would have done as it finished. Their pending approvals are withdrawn (no one is asked
   * any more, and the approvals page says why), and it is said on their streams, the approvals
   * topic and the history feed, so a page showing them waiting updates. Best effort: the cancel
   * is recorded already, and what called this (recovery, say) must go on if it fails.
   */
  async function cancelledInRecord(rows: CancelledRow[]) {
    if (rows.length === 0) return;
    try {
      const withdrawn = await approvals.withdrawAll(rows.map((r) => r.id));
      const ts = Date.now();
      for (const row of rows) {
        // After anything the bus kept of it (a process that died may have said more than it
        // recorded); the record then catches up, so a snapshot read later is not behind.
        const backlog = await o.bus.backlog(row.id).catch(() => []);
        let seq = backlog.reduce((max, e) => Math.max(max, e.seq + 1), row.lastSeq);
        const ids = { executionId: row.id, workflowId: row.workflowId, ts };
        for (const a of withdrawn.filter((w) => w.executionId === row.id)) {
          const event = {
            ...ids,
            type: 'approval_resolved' as const,
            nodeId: a.nodeId,
            approvalId: a.id,
            decision: 'withdrawn' as const,
            by: 'the system',
            seq: seq++,
          };
          feedBus.publish(event);
          await o.bus.send(APPROVALS_TOPIC, event);
        }
        const reason = row.error?.message ?? 'cancelled';
        feedBus.publish({ ...ids, type: 'execution_cancelled', reason, seq });
        if (seq > row.lastSeq)
          await o.db
            .update(executions)
            .set({ lastSeq: sql`greatest(${executions.lastSeq}, ${seq})` })
            .where(eq(executions.id, row.id));
      }
    } catch (err) {
      log.warn(
        { err, executionIds: rows.map((r) => r.id) },
        'executions cancelled in the record; their approvals or watchers may not have been told',
      );
    }
  }

  /**
   * Takes over an execution no live process holds (for an approval decided here): false when it
   * is finished, asked to be cancelled, or another process took it first.
   */
  async function claim(executionId: string): Promise<boolean> {
    const rows = await o.db
      .update(executions)
      .set({ owner, updatedAt: new Date() })
      .where(
        and(
          eq(executions.id, executionId),
          inArray(executions.status, UNFINISHED),
          isNull(executions.cancelRequested),
          notHeldElsewhere(),
        ),
      )
      .returning({ id: executions.id });
    return rows.length > 0;
  }

  /**
   * A gate's decision: said on the execution's stream, and the gate goes on. Only while it still
   * waits, so a decision applied once (on resume, say) is not said or applied twice.
   */
  function applyDecision(
    run: ExecutionRun,
    d: {
      nodeId: string;
      approvalId: string;
      decision: Decision;
      by: string;
      comment?: string | null;
    },
  ) {
    if (!run.isWaiting(d.nodeId)) return;
    run.emit({
      type: 'approval_resolved',
      nodeId: d.nodeId,
      approvalId: d.approvalId,
      decision: d.decision,
      by: d.by,
    });
    run.resolveWait(d.nodeId, {
      kind: 'approval',
      decision: d.decision,
      by: d.by,
      ...(d.comment && { comment: d.comment }),
    });
  }

  /**
   * Runs `fn` once every earlier call for the same execution has settled: taking an execution
   * over (claim, load, resume) and cancelling it never interleave in this process, so a cancel
   * either finds the resumed run in memory or is in the record before the resume reads it.
   */
  const turns = new Map<string, Promise<unknown>>();
  function inTurn<T>(executionId: string, fn: () => Promise<T>): Promise<T> {
    const result = (turns.get(executionId) ?? Promise.resolve()).then(fn);
    const settled = result.catch(() => undefined);
    turns.set(executionId, settled);
    void settled.then(() => {
      if (turns.get(executionId) === settled) turns.delete(executionId);
    });
    return result;
  }

  const unlistenControl = o.bus.listen(CONTROL_TOPIC, (message) => {
    const m = message as ControlMessage;
    if (m.to !== owner) return;
    if (m.kind === 'cancel')
      inTurn(m.executionId, () =>
        cancelHere(m.executionId, m.by)
          // Recorded as this process's but not held here (a resume that failed): the record alone.
          .then((done) => (done ? undefined : cancelRecord(m.executionId, m.by))),
      ).catch((err: unknown) =>
        log.debug({ err, executionId: m.executionId }, 'cancel asked by another process: too late'),
      );
    else {
      const run = executor.get(m.executionId);
      if (run) applyDecision(run, m);
    }
  });
  await unlistenControl.ready;

  /** The other runtimes that proved they are alive (the ones a HALT must reach). */
  async function livePeers(): Promise<string[]> {
    const rows = await o.db
      .select({ id: runtimeInstances.id })
      .from(runtimeInstances)
      .where(and(ne(runtimeInstances.id, owner), isAlive()));
    return rows.map((r) => r.id);
  }

  /** Continues an unfinished execution from its checkpoint (the run in memory if there is one). */
  const resumeExecution = (id: string, reason: string) =>
    inTurn(id, () => resumeFromCheckpoint(id, reason));

  async function resumeFromCheckpoint(id: string, reason: string): Promise<ExecutionRun | null> {
    const live = executor.get(id);
    if (live) return live;
    const checkpoint = await store.load(id);
    // A finished execution stays finished (an approval left behind must not bring it back).
    if (!checkpoint || !UNFINISHED.includes(checkpoint.execution.status)) return null;
    const { workflow } = await getWorkflow(
      o.db,
      checkpoint.execution.workflowId,
      checkpoint.execution.workflowVersion,
    );
    const backlog = await o.bus.backlog(id).catch(() => []);
    const minSeq = backlog.reduce((max, e) => Math.max(max, e.seq), 0);
    const run = track(
      executor.resume(checkpoint.execution, checkpoint.nodeRuns, workflow, reason, minSeq),
    );
    await applyDecisions(run, checkpoint.nodeRuns);
    return run;
  }

  /**
   * Approvals decided while their gate's checkpoint still said "waiting" (the process stopped in
   * between): the gate goes on with the recorded decision, as it would have, instead of waiting
   * for a decision that was already made (deciding again is refused) or for its timeout.
   */
  async function applyDecisions(run: ExecutionRun, nodeRuns: NodeRunRecord[]) {
    const latest = new Map<string, NodeRunRecord>();
    for (const r of nodeRuns)
      if ((latest.get(r.nodeId)?.attempt ?? 0) <= r.attempt) latest.set(r.nodeId, r);
    for (const r of latest.values()) {
      const approvalId = r.status === 'waiting' ? r.wait?.approvalId : undefined;
      if (!approvalId) continue;
      const row = await approvals.get(approvalId);
      if (!row || row.status === 'pending' || row.status === 'withdrawn') continue;
      applyDecision(run, {
        nodeId: r.nodeId,
        approvalId,
        decision: row.status,
        by: row.decidedBy ?? 'the system',
        comment: row.comment,
      });
    }
  }

  /** Claims executions whose process is gone and continues them from their checkpoints. */
  async function recoverOrphans(): Promise<string[]> {
    await forgetDeadHere();
    const claimed = await o.db
      .update(executions)
      .set({ owner, updatedAt: new Date() })
      .where(
        and(
          // Halted executions of a dead process continue too, once the level allows it.
          inArray(
            executions.status,
            refusesNewRuns(emergency.level())
              ? ['running', 'waiting']
              : ['running', 'waiting', 'halted'],
          ),
          orphaned(),
          isNull(executions.cancelRequested),
        ),
      )
      .returning({ id: executions.id, workflowId: executions.workflowId });
    // Asked to be cancelled while their process held them, which died before it could.
    const asked = await o.db
      .update(executions)
      .set(
        cancelledBy(
          sql`jsonb_build_object('code', 'CANCELLED', 'message', 'cancelled by ' || ${executions.cancelRequested})`,
        ),
      )
      .where(
        and(
          inArray(executions.status, UNFINISHED),
          isNotNull(executions.cancelRequested),
          orphaned(),
        ),
      )
      .returning(cancelledColumns);
    await cancelledInRecord(asked);
    // Firings queued by a process that stopped: the queue was in its memory, their turn never comes.
    const lost = await o.db
      .update(executions)
      .set(cancelledBy('the process that queued it stopped before its turn'))
      .where(and(eq(executions.status, 'queued'), isNotNull(executions.owner), orphaned()))
      .returning(cancelledColumns);
    await cancelledInRecord(lost);
    if (lost.length > 0)
      log.warn(
        { count: lost.length, executionIds: lost.slice(0, 20).map((r) => r.id) },
        'queued firings of a stopped process recorded cancelled',
      );
    if (emergency.level() === 'SHUTDOWN') {
      await cancelStored(
        claimed.map((c) => c.id),
        'emergency SHUTDOWN',
      );
      return [];
    }
    const resumed: string[] = [];
    for (const { id, workflowId } of claimed) {
      try {
        if (await resumeExecution(id, 'the process that ran it stopped')) resumed.push(id);
      } catch (err) {
        log.error({ err, executionId: id, workflowId }, 'could not resume execution');
      }
    }
    if (resumed.length > 0)
      log.info(
        { count: resumed.length, executionIds: resumed.slice(0, 20) },
        'resumed orphaned executions',
      );
    await o.db
      .delete(runtimeInstances)
      .where(lt(runtimeInstances.heartbeatAt, new Date(Date.now() - 24 * 3600_000)));
    return resumed;
  }

  /** Marks claimed executions of a dead process cancelled. */
  async function cancelStored(ids: string[], reason: string) {
    if (ids.length === 0) return;
    const rows = await o.db
      .update(executions)
      .set(cancelledBy(reason))
      .where(and(inArray(executions.id, ids), inArray(executions.status, UNFINISHED)))
      .returning(cancelledColumns);
    await cancelledInRecord(rows);
  }

  /** Cancels the execution wherever it is: in memory here, in another live process, or its record. */
  async function cancelExecution(executionId: string, by: string, again = true) {
    const here = await cancelHere(executionId, by);
    if (here) return { executionId, status: here };
    // Held by another live process: it cancels its own copy. Asked in the record first, so that
    // if that process dies before it acts, recovery cancels the execution instead of resuming it.
    const holder = await liveHolder(executionId);
    if (holder) {
      await o.db
        .update(executions)
        .set({ cancelRequested: by })
        .where(and(eq(executions.id, executionId), inArray(executions.status, UNFINISHED)));
      await o.bus.send(CONTROL_TOPIC, {
        to: holder,
        kind: 'cancel',
        executionId,
        by,
      } satisfies ControlMessage);
      return { executionId, status: 'cancelling' as const };
    }
    // Held by no live process (its own died): the record alone says what it is.
    if (await cancelRecord(executionId, by)) return { executionId, status: 'cancelled' as const };
    const [row] = await o.db
      .select({ status: executions.status })
      .from(executions)
      .where(eq(executions.id, executionId));
    if (!row) throw notFound('Execution', executionId);
    // Unfinished: another process took it over a moment ago (recovery, an approval): ask it.
    if (again && UNFINISHED.includes(row.status)) return cancelExecution(executionId, by, false);
    throw new UserError(
      'CONFLICT',
      UNFINISHED.includes(row.status)
        ? `execution "${executionId}" is being taken over by another process; try again`
        : `execution "${executionId}" is already ${row.status}`,
    );
  }

  /** An execution's snapshot from its last checkpoint (null: no such execution). */
  async function recordedSnapshot(executionId: string): Promise<ExecutionSnapshot | null> {
    const checkpoint = await store.load(executionId);
    if (!checkpoint) return null;
    const e = checkpoint.execution;
    // A node still running or waiting in the record of a finished execution never will: it
    // stopped with it (an execution cancelled by its record alone left its gate "waiting").
    const stopped = UNFINISHED.includes(e.status)
      ? null
      : e.status === 'cancelled'
        ? ('cancelled' as const)
        : ('failed' as const);
    const nodes: ExecutionSnapshot['nodes'] = {};
    for (const r of checkpoint.nodeRuns) {
      const unfinished = r.status === 'running' || r.status === 'waiting';
      nodes[r.nodeId] = {
        status: unfinished && stopped ? stopped : r.status,
        attempt: r.attempt,
        ...(r.durationMs !== null && { durationMs: r.durationMs }),
        ...(r.error && { error: r.error }),
      };
    }
    return {
      type: 'snapshot',
      executionId: e.id,
      workflowId: e.workflowId,
      seq: e.lastSeq,
      status: e.status,
      nodes,
    };
  }

  /* Emergency ----------------------------------------------------------------------------- */

  /** SHUTDOWN: abort every execution of this process, cancel stored ones, deactivate workflows. */
  async function shutdown(state: EmergencyState) {
    const reason = shutdownReason(state);
    // The same reason as every other execution it cancels (shutdownStored writes it too).
    dropQueued(reason);
    triggers.disarmAll();
    const cancelled = executor.active();
    for (const run of cancelled) run.cancel(reason);
    const stored = await shutdownStored(o.db, reason);
    // Those of a process that died: no run of theirs says it (this process's and other live
    // ones' runs do, as they stop).
    const peers = new Set(await livePeers());
    await cancelledInRecord(
      stored.filter((r) => r.owner !== owner && !(r.owner !== null && peers.has(r.owner))),
    );
    // Orders in flight settle first, so a position opened by one of them is flattened too.
    await Promise.race([
      Promise.allSettled(cancelled.map((run) => run.done)),
      new Promise((resolve) => setTimeout(resolve, SHUTDOWN_SETTLE_MS).unref()),
    ]);
    await runShutdownHooks(reason);
  }

  /** Node types' shutdown hooks (the paper venue flattens its positions), once per type. */
  async function runShutdownHooks(reason: string) {
    const hooked = new Set(Object.values(o.registry).filter((def) => def.onShutdown));
    for (const def of hooked) {
      try {
        await def.onShutdown!({ reason, paper, log: log.child({ nodeType: def.type }) });
      } catch (err) {
        log.error({ err, nodeType: def.type }, 'shutdown hook failed');
      }
    }
  }

  /** Back to NORMAL or ALERT: halted executions continue (this process's, and a dead one's). */
  async function release() {
    for (const run of executor.active()) run.release();
    if (o.recover !== false) await recoverOrphans();
  }

  emergency.onChange((next, previous) => {
    const acted =
      next.level === 'SHUTDOWN'
        ? shutdown(next)
        : refusesNewRuns(previous.level) && !refusesNewRuns(next.level)
          ? release()
          : null;
    void acted?.catch((err: unknown) =>
      log.error({ err, level: next.level }, 'could not apply the emergency level'),
    );
  });

  const retention =
    o.retention === false ? null : startRetention(o.db, o.retention ?? retentionFromEnv(), log);

  let sweep: NodeJS.Timeout | null = null;
  if (o.recover !== false) {
    await heartbeat();
    await recoverOrphans();
    const active = await o.db
      .select({ id: workflows.id })
      .from(workflows)
      .where(eq(workflows.isActive, true));
    for (const { id } of active) {
      // Under SHUTDOWN nothing is active (its workflows were deactivated), but a row may lag.
      if (emergency.level() === 'SHUTDOWN') break;
      try {
        triggers.arm(runnable((await getWorkflow(o.db, id)).workflow, { wired: false }));
      } catch (err) {
        log.error({ err, workflowId: id }, 'could not re-activate workflow');
      }
    }
    sweep = setInterval(() => {
      void heartbeat()
        .then(() => emergency.refresh())
        .then(() => liveProps.refresh())
        .then(recoverOrphans)
        .catch((err: unknown) => log.error({ err }, 'heartbeat failed'));
    }, heartbeatMs);
    sweep.unref();
  }

  /* The API ------------------------------------------------------------------------------- */

  return {
    owner,
    executor,
    triggers,
    metrics,
    writer,
    executionLogs,
    approvals,
    emergency,
    liveProps,
    paper,
    recoverOrphans,
    resumeExecution,
    /** Prunes the history now (retention on), or null (retention off). */
    pruneHistory: () => retention?.runNow() ?? Promise.resolve(null),

    async run(input: {
      workflowId: string;
      version?: number;
      input?: unknown;
      trigger?: TriggerKind;
      rerunOf?: string;
    }) {
      const { workflow } = await getWorkflow(o.db, input.workflowId, input.version);
      return start(
        runnable(workflow),
        input.trigger ?? 'manual',
        input.input ?? null,
        null,
        input.rerunOf ?? null,
      );
    },

    /**
     * Runs an execution again with its input (and its trigger node, if the version still has
     * it): on the version that ran, or the current one. Trigger kind `rerun`, `rerunOf` set.
     */
    async rerun(executionId: string, version: 'original' | 'current') {
      const [row] = await o.db
        .select({
          workflowId: executions.workflowId,
          workflowVersion: executions.workflowVersion,
          input: executions.input,
          triggerNodeId: executions.triggerNodeId,
        })
        .from(executions)
        .where(eq(executions.id, executionId));
      if (!row) throw notFound('Execution', executionId);
      const { workflow } = await getWorkflow(
        o.db,
        row.workflowId,
        version === 'original' ? row.workflowVersion : undefined,
      );
      const target = runnable(workflow);
      const triggerNodeId =
        row.triggerNodeId && target.nodes.some((n) => n.id === row.triggerNodeId)
          ? row.triggerNodeId
          : null;
      return start(target, 'rerun', row.input, triggerNodeId, executionId);
    },

    versionSaved: rearm,

    /** Arms the workflow's triggers; overrides left from an earlier live session are discarded. */
    async activate(workflowId: string, by = 'system') {
      const { level, reason } = emergency.get();
      if (level === 'SHUTDOWN')
        throw new UserError(
          'SERVICE_UNAVAILABLE',
          `refused: the emergency level is SHUTDOWN (${reason}); workflows stay inactive until it changes`,
        );
      const { workflow, isActive } = await getWorkflow(o.db, workflowId);
      triggers.arm(runnable(workflow));
      if (!isActive) await liveProps.discard(workflowId, by);
      await o.db.update(workflows).set({ isActive: true }).where(eq(workflows.id, workflowId));
      return { workflowId, version: workflow.version, isActive: true };
    },

    /**
     * Disarms the workflow's triggers. With live overrides, the caller must say what becomes of
     * them (`apply`: saved as a new version; `discard`): without a choice it is refused (CONFLICT).
     */
    async deactivate(
      workflowId: string,
      options: { overrides?: 'apply' | 'discard'; by?: string } = {},
    ) {
      const by = options.by ?? 'system';
      await liveProps.refresh(workflowId);
      const count = liveProps.count(workflowId);
      if (count > 0 && !options.overrides)
        throw new UserError(
          'CONFLICT',
          `workflow "${workflowId}" has ${count} live override${count === 1 ? '' : 's'}: deactivate with overrides "apply" (save them as a new version) or "discard"`,
        );
      triggers.disarm(workflowId);
      dropQueued('cancelled: the workflow was deactivated', workflowId);
      const updated = await o.db
        .update(workflows)
        .set({ isActive: false })
        .where(eq(workflows.id, workflowId))
        .returning({ id: workflows.id });
      if (updated.length === 0) throw notFound('Workflow', workflowId);
      if (count > 0 && options.overrides === 'apply') {
        const { version } = await liveProps.apply(workflowId, by);
        return { workflowId, isActive: false, overrides: 'applied' as const, version };
      }
      if (count > 0) await liveProps.discard(workflowId, by);
      return {
        workflowId,
        isActive: false,
        overrides: count > 0 ? ('discarded' as const) : ('none' as const),
      };
    },

    cancel: (executionId: string, by: string) =>
      inTurn(executionId, () => cancelExecution(executionId, by)),

    async decide(
      approvalId: string,
      decision: Exclude<Decision, 'timed_out'>,
      by: string,
      comment?: string,
    ) {
      const row = await approvals.decide(approvalId, decision, by, comment);
      const local = executor.get(row.executionId);
      const holder = local ? null : await liveHolder(row.executionId);
      const message = {
        to: holder ?? owner,
        kind: 'decide',
        executionId: row.executionId,
        nodeId: row.nodeId,
        approvalId,
        decision,
        by,
        ...(comment && { comment }),
      } satisfies ControlMessage;
      // Another live process holds it waiting: it goes on there (resuming a copy here would run
      // what follows the gate twice).
      if (holder) await o.bus.send(CONTROL_TOPIC, message);
      else if (local) applyDecision(local, message);
      // Its process is gone: taken over here (once: recovery elsewhere claims the same way), and
      // the resume applies the decision already recorded.
      else if (await claim(row.executionId)) {
        // Resumed here, or already being resumed by this process's recovery: either way the
        // decision applies once (applyDecision does nothing to a gate no longer waiting).
        const run = await resumeExecution(row.executionId, `approval ${decision}`);
        if (run) applyDecision(run, message);
      } else {
        // Another process took it over meanwhile: tell it (it may have read the approval before).
        const taker = await liveHolder(row.executionId);
        if (taker) await o.bus.send(CONTROL_TOPIC, { ...message, to: taker });
      }
      return { approvalId, decision, executionId: row.executionId, nodeId: row.nodeId };
    },

    /** Snapshots for SSE: live executions from memory, others from their last checkpoint. */
    async snapshots(
      filter: { executionId: string } | { workflowId: string },
    ): Promise<ExecutionSnapshot[]> {
      if ('executionId' in filter) {
        const snapshot =
          executor.snapshot(filter.executionId) ?? (await recordedSnapshot(filter.executionId));
        return snapshot ? [snapshot] : [];
      }
      const here = executor
        .active()
        .filter((r) => r.record.workflowId === filter.workflowId)
        .map((r) => r.snapshot());
      // Running in another process (over Redis its events reach this one too), or left by one
      // that died and not yet resumed: from their last checkpoint, so a page opened here shows
      // them as well. Not this process's own: what it holds is in memory.
      const elsewhere = await o.db
        .select({ id: executions.id })
        .from(executions)
        .where(
          and(
            eq(executions.workflowId, filter.workflowId),
            inArray(executions.status, ['running', 'waiting', 'halted']),
            or(isNull(executions.owner), ne(executions.owner, owner)),
          ),
        )
        .orderBy(desc(executions.startedAt))
        .limit(WORKFLOW_SNAPSHOTS_ELSEWHERE);
      const loaded = await Promise.all(
        elsewhere
          .filter(({ id }) => !here.some((s) => s.executionId === id))
          .map(({ id }) => recordedSnapshot(id)),
      );
      for (const snapshot of loaded)
        if (snapshot && UNFINISHED.includes(snapshot.status)) here.push(snapshot);
      return here;
    },

    publish: (channel: string, payload: unknown) => publish(channel, payload, null),

    /**
     * Starts the workflow behind a webhook route: the run; null when its concurrency setting
     * skipped the request; the queued execution when it waits behind the previous one.
     */
    fireWebhook(route: WebhookRoute, input: unknown): ExecutionRun | QueuedRun | null {
      const { level, reason } = emergency.get();
      if (refusesNewRuns(level))
        throw new UserError(
          'SERVICE_UNAVAILABLE',
          `refused: the emergency level is ${level} (${reason})`,
        );
      return fire(route.workflow, route.node, 'webhook', input) ?? null;
    },

    async close() {
      if (sweep) clearInterval(sweep);
      unlistenControl();
      // No firing queues any more, and those queued are answered and recorded, whatever fails below.
      triggers.disarmAll();
      dropQueued('cancelled: the server stopped before its turn');
      try {
        await retention?.stop();
        emergency.close();
        liveProps.close();
        await executionLogs.close();
        await writer.close();
        if (o.recover !== false)
          await o.db
            .delete(runtimeInstances)
            .where(eq(runtimeInstances.id, owner))
            .catch(() => {});
      } finally {
        runtimeOpenHere(owner, false);
      }
    },
  };
}

function executionLogLevelFromEnv(): ExecutionLogLevel {
  const level = process.env.EXECUTION_LOG_LEVEL?.trim();
  if (!level) return 'info';
  if (!(logLevels as string[]).includes(level))
    throw new Error(`EXECUTION_LOG_LEVEL="${level}": give one of ${logLevels.join(', ')}`);
  return level as ExecutionLogLevel;
}

export type Runtime = Awaited<ReturnType<typeof createRuntime>>;
