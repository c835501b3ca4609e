/**
 * One execution in memory: the loop of the executor. Starts the ready nodes concurrently, records
 * each result as a checkpoint, emits an event per state change, and settles the execution when
 * nothing is left to run. A resumed execution starts from its checkpoint: recorded results are
 * reused, never recomputed.
 */
import {
  nodeStatusOf,
  type ErrorInfo,
  type EventOf,
  type ExecutionSnapshot,
  type ExecutionStatus,
  type RuntimeEvent,
  type RuntimeEventType,
} from '@/lib/events';
import type { Workflow, WorkflowNode } from '@/lib/workflow';
import type {
  AnyNodeDefinition,
  NodeLogger,
  Resumption,
  WaitRequest,
  WorkflowState,
} from '../nodes/define-node';
import { unavailableEmergency, unavailablePaper } from '../trading/unavailable';
import type { EmergencyApi, PaperVenueApi } from '../trading/types';
import { APPROVALS_TOPIC } from './approvals';
import type { ExecutionRecord, NodeRunRecord } from './checkpoint';
import type { ExecutionLogLevel } from './execution-logs';
import type { ExecutorDeps } from './executor';
import { GraphState } from './graph-state';
import { NodeRun, parseProps, runNode, type NodeHost, type NodeOutcome } from './run-node';
import { NodeContext, type NodeScope } from './run-context';
import { NO_RETRY } from './resilience/retry';
import { CancelScope } from './resilience/timeout';
import { nowDate } from './clock';

type Emit = {
  [T in RuntimeEventType]: Omit<EventOf<T>, 'executionId' | 'workflowId' | 'seq' | 'ts'> & {
    type: T;
  };
}[RuntimeEventType];
type Waiting = {
  request: WaitRequest;
  attempt: number;
  inputs: Record<string, unknown>;
  /** When it started waiting (its node run's start). */
  since: Date;
  /** The approval it waits for (approval waits). */
  approvalId?: string;
  timer?: NodeJS.Timeout;
};

const DEFAULT_NODE_TIMEOUT_MS = 60_000;
/** After a failed attempt to time an approval out (database unreachable), the next one. */
const APPROVAL_EXPIRY_RETRY_MS = 5_000;
const PREVIEW_CHARS = 200;
/** Nodes run back to back in one turn of the event loop before the executor lets others in. */
const NODES_PER_TURN = 256;

type Start = {
  nodeId: string;
  inputs: Record<string, unknown>;
  resume?: { attempt: number; resumed: Resumption };
};
type SnapshotEntry = ExecutionSnapshot['nodes'][string];
type NodeEvent = Extract<RuntimeEvent, { nodeId: string }>;

/** The first value a node produced (what its preview shows), or undefined. */
function firstOutput(outputs: Record<string, unknown>): unknown {
  for (const port in outputs) {
    if (!Object.hasOwn(outputs, port)) continue;
    const value = outputs[port];
    if (value !== undefined) return value;
  }
  return undefined;
}

function previewOf(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const text = JSON.stringify(value) ?? String(value);
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS - 1)}…` : text;
}

/**
 * One shared array per single port name: most nodes produce on one port, and every
 * node_completed event is kept for replay. Events are read, never changed, so they can share it.
 */
const singlePorts = new Map<string, string[]>();
const MAX_SINGLE_PORTS = 1_000;

/** The ports that produced a value. */
function portsOf(outputs: Record<string, unknown>): string[] {
  let ports: string[] | undefined;
  let single: string | undefined;
  for (const port in outputs) {
    if (!Object.hasOwn(outputs, port) || outputs[port] === undefined) continue;
    if (ports) ports.push(port);
    else if (single === undefined) single = port;
    else ports = [single, port];
  }
  if (ports) return ports;
  if (single === undefined) return [];
  let shared = singlePorts.get(single);
  if (!shared) {
    shared = Object.freeze([single]) as string[];
    if (singlePorts.size < MAX_SINGLE_PORTS) singlePorts.set(single, shared);
  }
  return shared;
}

/** A node's snapshot entry from its latest event (or its recorded status after a resume). */
function snapshotEntry(last: NodeEvent | SnapshotEntry): SnapshotEntry {
  if (!('type' in last)) return last;
  const entry: SnapshotEntry = { status: nodeStatusOf(last)! };
  if ('attempt' in last) entry.attempt = last.attempt;
  if ('durationMs' in last) entry.durationMs = last.durationMs;
  if (last.type === 'node_failed') entry.error = last.error;
  return entry;
}

const nodeMaps = new WeakMap<Workflow, Map<string, WorkflowNode>>();
function nodesById(workflow: Workflow): Map<string, WorkflowNode> {
  let map = nodeMaps.get(workflow);
  if (!map) nodeMaps.set(workflow, (map = new Map(workflow.nodes.map((n) => [n.id, n]))));
  return map;
}

export class ExecutionRun implements NodeHost, NodeScope {
  readonly graph: GraphState;
  readonly nodes: Map<string, WorkflowNode>;
  readonly done: Promise<ExecutionRecord>;
  /**
   * Called each time the execution stops to wait (an approval, a timer beyond a few seconds, an
   * emergency HALT), once that is recorded: a webhook waiting for the output answers 202 then.
   */
  onPause?: () => void;
  private resolveDone!: (r: ExecutionRecord) => void;
  readonly cancelScope = new CancelScope();
  private readonly running = new Set<string>();
  /** Nodes to start, in order; drained in the current turn (see `drain`). */
  private queue: (Start | undefined)[] = [];
  private queueHead = 0;
  private draining = false;
  private drainScheduled = false;
  private readonly waiting = new Map<string, Waiting>();
  /** Nodes held by HALT, with what they need to start again (a wait's resumption included). */
  private readonly halted = new Map<
    string,
    { inputs: Record<string, unknown>; resume?: { attempt: number; resumed: Resumption } }
  >();
  private failure: ErrorInfo | null = null;
  private finished = false;
  /** The whole execution's time limit (`settings.timeoutMs`), counted from its start. */
  private deadline: NodeJS.Timeout | null = null;
  private timedOut = false;
  /** After a resume: the attempt each node that had failed (and may retry) continues with. */
  private nextAttempt: Map<string, number> | null = null;
  private readonly t0 = performance.now();

  constructor(
    private readonly deps: ExecutorDeps,
    readonly workflow: Workflow,
    readonly record: ExecutionRecord,
  ) {
    this.graph = new GraphState(workflow);
    this.nodes = nodesById(workflow);
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  private logger: ExecutorDeps['logger'] | undefined;
  /** This execution's logger, every line bound to its ids (made on first use: it is not free). */
  get log() {
    return (this.logger ??= this.deps.logger.child({
      executionId: this.record.id,
      workflowId: this.record.workflowId,
    }));
  }

  get id() {
    return this.record.id;
  }

  /* What node runs share (NodeScope) --------------------------------------------------------- */

  get executionId() {
    return this.record.id;
  }

  get workflowId() {
    return this.record.workflowId;
  }

  get trigger(): unknown {
    return this.record.input;
  }

  executionLog() {
    return this.log;
  }

  baseLevelEnabled(level: keyof NodeLogger): boolean {
    return this.deps.logger.isLevelEnabled(level);
  }

  private workflowState: WorkflowState | undefined;
  get state(): WorkflowState {
    return (this.workflowState ??= this.deps.state(this.record.workflowId));
  }

  private publisher: ((channel: string, payload: unknown) => Promise<void>) | undefined;
  get publish() {
    return (this.publisher ??= (channel: string, payload: unknown) =>
      this.deps.publish(channel, payload, this.record));
  }

  get paper(): PaperVenueApi {
    return this.deps.paper ?? unavailablePaper;
  }

  get emergency(): EmergencyApi {
    return this.deps.emergency ?? unavailableEmergency;
  }

  get breakers() {
    return this.deps.breakers;
  }

  /** A line for the execution's history log (and only there: pino lines are written apart). */
  private note(level: ExecutionLogLevel, nodeId: string | null, msg: string, data?: unknown) {
    const logs = this.deps.logs;
    if (logs?.enabled(level)) logs.line(this.record.id, level, nodeId, msg, data);
  }

  /** What nodes write through `ctx.log`, kept in the execution's history at the levels it keeps. */
  capture(level: ExecutionLogLevel, nodeId: string, obj: object, msg?: string) {
    const logs = this.deps.logs;
    if (logs?.enabled(level)) logs.line(this.record.id, level, nodeId, msg ?? '', obj);
  }

  /* Events and records ------------------------------------------------------------------ */

  /** Stamps and publishes an event of this execution. */
  emit(event: Emit) {
    this.record.lastSeq += 1;
    // The caller passes a fresh literal: stamp it in place rather than copy it (hot path).
    const full = event as RuntimeEvent;
    full.executionId = this.record.id;
    full.workflowId = this.record.workflowId;
    full.seq = this.record.lastSeq;
    full.ts = Date.now();
    this.publishEvent(full);
  }

  /** Publishes a stamped event; a node's latest event is its status for the snapshot. */
  private publishEvent(full: RuntimeEvent) {
    if ('nodeId' in full && nodeStatusOf(full) !== null) this.nodeStatus.set(full.nodeId, full);
    this.deps.bus.publish(full);
    if (full.type === 'approval_requested' || full.type === 'approval_resolved')
      void this.deps.bus
        .send(APPROVALS_TOPIC, full)
        .catch((err: unknown) =>
          this.log.warn(
            { err },
            'approval event not broadcast; approval lists catch up on refetch',
          ),
        );
  }

  /*
   * The hot events, built whole: one object literal with every field (an event stamped after it
   * was made grows a second allocation for the fields added, and events are kept for replay).
   */
  private nextSeq() {
    return (this.record.lastSeq += 1);
  }

  private emitNodeStarted(nodeId: string, nodeType: string, attempt: number, ts: number) {
    this.publishEvent({
      type: 'node_started',
      nodeId,
      nodeType,
      attempt,
      executionId: this.record.id,
      workflowId: this.record.workflowId,
      seq: this.nextSeq(),
      ts,
    });
  }

  private emitNodeCompleted(
    nodeId: string,
    attempt: number,
    durationMs: number,
    outputs: Record<string, unknown>,
    ts: number,
  ) {
    this.publishEvent({
      type: 'node_completed',
      nodeId,
      attempt,
      durationMs,
      ports: portsOf(outputs),
      // Made only when someone may read it (a subscriber, a backlog a client may resume from).
      preview: this.deps.bus.watches(this.record.id, this.record.workflowId)
        ? this.preview(outputs)
        : undefined,
      executionId: this.record.id,
      workflowId: this.record.workflowId,
      seq: this.nextSeq(),
      ts,
    });
  }

  /**
   * A node's preview: JSON of its first output. Nodes that pass their input on (threshold, if,
   * log…) hand on the very object the node before them produced, and values flowing between
   * nodes are never changed in place: the same object has the same preview, made once.
   */
  private lastPreviewed: unknown = undefined;
  private lastPreview: string | undefined;
  private preview(outputs: Record<string, unknown>): string | undefined {
    const value = firstOutput(outputs);
    if (value !== this.lastPreviewed || value === undefined) {
      this.lastPreviewed = value;
      this.lastPreview = previewOf(value);
    }
    return this.lastPreview;
  }

  /** Each node's latest event (or, after a resume, its recorded status). */
  private readonly nodeStatus = new Map<string, NodeEvent | SnapshotEntry>();

  /** Every node's current status, as of the last event emitted. */
  snapshot(): ExecutionSnapshot {
    const nodes: ExecutionSnapshot['nodes'] = {};
    for (const [nodeId, last] of this.nodeStatus) nodes[nodeId] = snapshotEntry(last);
    return {
      type: 'snapshot',
      executionId: this.record.id,
      workflowId: this.record.workflowId,
      seq: this.record.lastSeq,
      status: this.record.status,
      nodes,
    };
  }

  private setStatus(status: ExecutionStatus) {
    this.record.status = status;
    this.recordDirty = false;
    this.deps.writer.execution(this.record);
  }

  private recordRun(
    nodeId: string,
    run: Omit<NodeRunRecord, 'executionId' | 'nodeId' | 'nodeType'>,
  ) {
    // `run` is a fresh literal from the caller: complete it in place (rare paths only).
    const record = run as NodeRunRecord;
    record.executionId = this.record.id;
    record.nodeId = nodeId;
    record.nodeType = this.nodes.get(nodeId)!.type;
    this.deps.writer.nodeRun(record);
    this.recordDirty = false;
    this.deps.writer.execution(this.record);
  }

  /** Records a node run that succeeded: the hot path, one literal with every field. */
  private recordSucceeded(
    nodeId: string,
    nodeType: string,
    attempt: number,
    inputs: Record<string, unknown>,
    outputs: Record<string, unknown>,
    startedAt: Date,
    finishedAt: Date,
    durationMs: number,
  ) {
    this.deps.writer.nodeRun({
      executionId: this.record.id,
      nodeId,
      nodeType,
      attempt,
      status: 'succeeded',
      inputs,
      outputs,
      error: null,
      wait: null,
      startedAt,
      finishedAt,
      durationMs,
    });
    // The execution's row (its counts, its last seq) is recorded once per drain, not per node.
    this.recordDirty = true;
  }

  private recordDirty = false;

  /** Records the execution's current state if a node result changed it since. */
  private syncRecord() {
    if (!this.recordDirty) return;
    this.recordDirty = false;
    this.deps.writer.execution(this.record);
  }

  /* Lifecycle ----------------------------------------------------------------------------- */

  /** Starts a new execution from its trigger. */
  begin() {
    this.armDeadline();
    this.setStatus('running');
    this.publishEvent({
      type: 'execution_started',
      trigger: this.record.triggerKind,
      workflowVersion: this.record.workflowVersion,
      executionId: this.record.id,
      workflowId: this.record.workflowId,
      seq: this.nextSeq(),
      ts: Date.now(),
    });
    if (this.deps.logger.isLevelEnabled('debug'))
      this.log.debug({ trigger: this.record.triggerKind }, 'execution started');
    for (const id of this.graph.roots()) this.consider(id);
    this.maybeSettle();
  }

  /**
   * Continues from a checkpoint: finished nodes keep their recorded outputs, waiting nodes wait
   * again, and everything else is considered afresh.
   */
  continueFrom(runs: NodeRunRecord[], reason: string) {
    const latest = new Map<string, NodeRunRecord>();
    for (const r of runs)
      if (!latest.has(r.nodeId) || latest.get(r.nodeId)!.attempt <= r.attempt)
        latest.set(r.nodeId, r);
    for (const [nodeId, r] of latest) {
      if (!this.nodes.has(nodeId)) continue;
      const status: SnapshotEntry['status'] = r.status === 'running' ? 'failed' : r.status;
      this.nodeStatus.set(nodeId, {
        status,
        attempt: r.attempt,
        ...(r.durationMs !== null && { durationMs: r.durationMs }),
      });
      if (r.status === 'succeeded')
        this.graph.settled.set(nodeId, { status: 'succeeded', outputs: r.outputs ?? {} });
      else if (r.status === 'skipped') this.graph.settled.set(nodeId, { status: 'skipped' });
      else if (r.status === 'waiting' && r.wait) {
        this.armWait(nodeId, {
          request: this.requestOf(r),
          attempt: r.attempt,
          inputs: (r.inputs ?? {}) as Record<string, unknown>,
          since: r.startedAt,
          ...(r.wait.approvalId && { approvalId: r.wait.approvalId }),
        });
      } else if (r.status === 'failed') {
        // Failed, then the process stopped before the retry (in its backoff): the next attempt
        // is a new one. Were it run as attempt 1 again, its record would sit beside this one,
        // whose higher attempt would count as the latest at the next resume: a node that had
        // finished (a side effect among them) would run once more.
        (this.nextAttempt ??= new Map()).set(nodeId, r.attempt + 1);
      } else if (r.status === 'running' && this.isSideEffect(nodeId)) {
        // A side effect that may have happened: never run it twice. Fail it for a person to check.
        this.settleFailed(
          nodeId,
          r.attempt,
          {
            code: 'UNKNOWN_OUTCOME',
            message: `node "${nodeId}" was interrupted during a side effect; it was not run again. Check its target before re-running.`,
            retryable: false,
          },
          0,
        );
      }
    }
    this.armDeadline();
    this.setStatus('running');
    this.emit({ type: 'execution_resumed', reason });
    this.log.info({ reason, reused: this.graph.settled.size }, 'execution resumed');
    this.note('info', null, `execution resumed: ${reason}`, { reused: this.graph.settled.size });
    this.reconsiderAll();
    this.maybeSettle();
  }

  private requestOf(r: NodeRunRecord): WaitRequest {
    if (r.wait!.kind === 'timer') return { kind: 'timer', untilMs: r.wait!.untilMs };
    return {
      kind: 'approval',
      details: null,
      timeoutMs: Math.max(0, r.wait!.untilMs - Date.now()),
    };
  }

  /**
   * An approval whose time is up: recorded as timed out (approvals.ts), which resumes the node on
   * its rejected port. When the database cannot be reached, it is tried again in a few seconds:
   * the wait must still end, and the process must not fall over.
   */
  private expireApproval(nodeId: string, w: Waiting) {
    this.deps.approvals?.expire(this, nodeId).catch((err: unknown) => {
      this.log.error({ err, nodeId }, 'could not time the approval out; trying again in 5 s');
      if (this.waiting.get(nodeId) === w && !this.finished)
        w.timer = setTimeout(() => this.expireApproval(nodeId, w), APPROVAL_EXPIRY_RETRY_MS);
    });
  }

  private isSideEffect(nodeId: string): boolean {
    const def = this.deps.registry[this.nodes.get(nodeId)!.type];
    return typeof def?.sideEffects === 'function' || def?.sideEffects === true;
  }

  /** Arms `settings.timeoutMs` from the execution's start (a resumed one keeps its start). */
  private armDeadline() {
    const limit = this.workflow.settings.timeoutMs;
    if (limit === undefined || this.deadline || this.finished) return;
    const left = this.record.startedAt.getTime() + limit - Date.now();
    this.deadline = setTimeout(() => this.timeOut(limit), Math.min(Math.max(0, left), 2 ** 31 - 1));
  }

  /** Past its time limit: what runs is aborted, what waits stops waiting, and it fails. */
  private timeOut(limit: number) {
    if (this.finished) return;
    const message = `the execution ran past its time limit of ${limit} ms (settings.timeoutMs)`;
    this.timedOut = true;
    this.failure = { code: 'EXECUTION_TIMEOUT', message };
    this.note('error', null, message);
    this.cancel(message);
  }

  /** Cancels it; false when it has already finished (and stays as it finished). */
  cancel(reason: string): boolean {
    if (this.finished) return false;
    for (const w of this.waiting.values()) clearTimeout(w.timer);
    this.cancelScope.cancel(new Error(reason));
    this.failure ??= { code: 'CANCELLED', message: reason };
    // Settles now if nothing runs (a timed-out execution as failed, see timeOut); else once the
    // running nodes have seen the abort.
    this.maybeSettle();
    return true;
  }

  /* Scheduling ---------------------------------------------------------------------------- */

  private reconsiderAll() {
    for (const node of this.workflow.nodes) this.consider(node.id);
  }

  /**
   * Whether a node was started (queued, running, waiting) or settled: it is not considered again.
   * A node held by HALT is none of these: it starts afresh on release.
   */
  private isStarted(nodeId: string): boolean {
    return this.running.has(nodeId) || this.graph.settled.has(nodeId) || this.waiting.has(nodeId);
  }

  /** Starts, skips or leaves a node, depending on what its inputs have received. */
  private consider(nodeId: string) {
    if (this.isStarted(nodeId) || this.finished || this.failure || this.cancelScope.aborted) return;
    const node = this.nodes.get(nodeId)!;
    const def = this.deps.registry[node.type];
    let inputs: Record<string, unknown> = {};
    if (this.graph.incoming.get(nodeId)!.length === 0) {
      const isOtherTrigger =
        def?.trigger && this.record.triggerNodeId && this.record.triggerNodeId !== nodeId;
      if (isOtherTrigger) return this.skip(nodeId, 'not the trigger of this run');
    } else {
      const ready = this.graph.readiness(
        nodeId,
        def?.join ? def.join(this.propsOf(node, def)) : 'all',
      );
      if (ready.kind === 'wait') return;
      if (ready.kind === 'skip') return this.skip(nodeId, ready.reason);
      inputs = ready.inputs;
    }
    if (node.disabled) return this.skip(nodeId, 'disabled');
    this.startNode(nodeId, inputs);
  }

  private propsOf(node: WorkflowNode, def: AnyNodeDefinition): Record<string, unknown> {
    try {
      return parseProps(node, def, this.deps.liveProps?.(this.record.workflowId, node.id));
    } catch {
      return {};
    }
  }

  private skip(nodeId: string, reason: string) {
    this.graph.settled.set(nodeId, { status: 'skipped' });
    const now = nowDate();
    this.recordRun(nodeId, {
      attempt: 1,
      status: 'skipped',
      inputs: null,
      outputs: null,
      error: null,
      wait: null,
      startedAt: now,
      finishedAt: now,
      durationMs: 0,
    });
    this.emit({ type: 'node_skipped', nodeId, reason });
    for (const t of this.graph.targetsOf(nodeId)) this.consider(t);
  }

  /** Queues a node to start (marked started and running at once, so nothing settles meanwhile). */
  private startNode(
    nodeId: string,
    inputs: Record<string, unknown>,
    resume?: { attempt: number; resumed: Resumption },
  ) {
    this.running.add(nodeId);
    this.queue.push({ nodeId, inputs, resume });
    // Started from outside a drain (begin, resume, release, a wait's end): run in a microtask,
    // so that `executor.start()` returns before the first node runs, as callers expect.
    if (!this.draining && !this.drainScheduled) {
      this.drainScheduled = true;
      queueMicrotask(this.drainNow);
    }
  }

  private readonly drainNow = () => {
    this.drainScheduled = false;
    this.drain();
  };

  /**
   * Runs the queued nodes. A node that settles at once (most do: no I/O) queues the nodes it
   * makes ready, which run next in the same loop: a chain of pure nodes costs no promise and no
   * microtask between nodes, and no recursion however long it is. A node that waits continues
   * in `finishAsync` when its promise settles. After NODES_PER_TURN nodes the rest waits for the
   * next turn of the event loop, so one big graph cannot hold up the process.
   */
  private drain() {
    if (this.draining) return;
    this.draining = true;
    try {
      let budget = NODES_PER_TURN;
      while (this.queueHead < this.queue.length) {
        if (budget-- === 0) {
          if (!this.drainScheduled) {
            this.drainScheduled = true;
            setImmediate(this.drainNow);
          }
          return;
        }
        const next = this.queue[this.queueHead]!;
        this.queue[this.queueHead++] = undefined;
        this.execute(next);
      }
      this.queue.length = 0;
      this.queueHead = 0;
    } finally {
      this.draining = false;
      // Before the turn ends (and so before any flush can wait for it).
      this.syncRecord();
    }
  }

  private execute({ nodeId, inputs, resume }: Start) {
    let run: NodeRun | undefined;
    try {
      const node = this.nodes.get(nodeId)!;
      const def = this.deps.registry[node.type];
      if (!def) {
        this.running.delete(nodeId);
        this.settleFailed(
          nodeId,
          1,
          {
            code: 'UNKNOWN_NODE_TYPE',
            message: `node "${nodeId}" has unknown type "${node.type}"`,
            retryable: false,
          },
          0,
        );
        return this.maybeSettle();
      }
      const settings = this.workflow.settings;
      run = new NodeRun(
        node,
        def,
        inputs,
        this.deps.liveProps?.(this.record.workflowId, node.id),
        node.retry ?? settings.retry ?? NO_RETRY,
        node.timeoutMs ?? settings.nodeTimeoutMs ?? DEFAULT_NODE_TIMEOUT_MS,
        resume?.attempt ?? this.nextAttempt?.get(nodeId) ?? 1,
        resume?.resumed,
      );
      const outcome = runNode(this, run);
      if (outcome instanceof Promise) {
        const pending = run;
        outcome.then(
          (o) => this.finishAsync(pending, o, resume),
          (err: unknown) => this.executorBug(nodeId, resume, err),
        );
      } else this.finishNode(run, outcome, resume);
    } catch (err) {
      this.executorBug(nodeId, resume, err, run);
    }
  }

  /** A node whose run waited has settled: record it, then run what it made ready. */
  private finishAsync(
    run: NodeRun,
    outcome: NodeOutcome,
    resume: { attempt: number; resumed: Resumption } | undefined,
  ) {
    const wasDraining = this.draining;
    this.draining = true;
    try {
      this.finishNode(run, outcome, resume);
    } catch (err) {
      this.executorBug(run.node.id, resume, err, run);
    } finally {
      this.draining = wasDraining;
    }
    this.drain();
  }

  private finishNode(
    run: NodeRun,
    outcome: NodeOutcome,
    resume: { attempt: number; resumed: Resumption } | undefined,
  ) {
    const nodeId = run.node.id;
    this.running.delete(nodeId);
    if (outcome.kind === 'halted') {
      this.halted.set(nodeId, { inputs: run.inputs, resume });
    } else this.onOutcome(run, outcome);
    this.maybeSettle();
  }

  private executorBug(
    nodeId: string,
    resume: { attempt: number; resumed: Resumption } | undefined,
    err: unknown,
    run?: NodeRun,
  ) {
    this.log.error({ err, nodeId }, 'executor bug while running a node');
    this.note('error', nodeId, `executor bug while running the node: ${String(err)}`);
    this.running.delete(nodeId);
    if (!this.graph.settled.has(nodeId))
      this.settleFailed(
        nodeId,
        resume?.attempt ?? 1,
        { code: 'UNEXPECTED', message: String(err), retryable: false },
        0,
        null,
        run?.startedAt ?? undefined,
      );
    this.maybeSettle();
  }

  /* NodeHost: what runNode asks of the execution ----------------------------------------- */

  gate(sideEffects: boolean): 'run' | 'halt' | 'refuse' {
    return this.deps.gate?.(sideEffects) ?? 'run';
  }

  beforeSideEffect(run: NodeRun, attempt: number): Promise<void> {
    // Durable before the side effect starts: its marker and every earlier result.
    this.recordRun(run.node.id, {
      attempt,
      status: 'running',
      inputs: run.inputs,
      outputs: null,
      error: null,
      wait: null,
      startedAt: run.startedAt!,
      finishedAt: null,
      durationMs: null,
    });
    return this.deps.writer.flush(this.record.id);
  }

  withdrawn(run: NodeRun, attempt: number) {
    // Its side-effect marker is written: say it never started, or a resume elsewhere would take
    // it for interrupted (UNKNOWN_OUTCOME) instead of running it.
    this.recordRun(run.node.id, {
      attempt,
      status: 'cancelled',
      inputs: run.inputs,
      outputs: null,
      error: { code: 'HALTED', message: 'not started: emergency HALT' },
      wait: null,
      startedAt: run.startedAt!,
      finishedAt: nowDate(),
      durationMs: null,
    });
  }

  nodeStarted(run: NodeRun, attempt: number) {
    // Stamped with the attempt's start (one clock read for both).
    const ts = (run.startedAt ?? nowDate()).getTime();
    this.emitNodeStarted(run.node.id, run.node.type, attempt, ts);
  }

  attemptFailed(
    run: NodeRun,
    attempt: number,
    error: { code: string; message: string; retryable: boolean },
    durationMs: number,
    retryInMs: number | null,
  ) {
    if (retryInMs === null) return;
    const nodeId = run.node.id;
    this.recordRun(nodeId, {
      attempt,
      status: 'failed',
      inputs: run.inputs,
      outputs: null,
      error,
      wait: null,
      startedAt: run.startedAt ?? nowDate(),
      finishedAt: nowDate(),
      durationMs,
    });
    this.emit({ type: 'node_retrying', nodeId, attempt, delayMs: retryInMs, error });
    this.note(
      'warn',
      nodeId,
      `attempt ${attempt} failed (${error.code}: ${error.message}); retrying in ${retryInMs} ms`,
      { attempt, code: error.code, delayMs: retryInMs },
    );
    this.log.warn(
      { nodeId, attempt, delay: retryInMs, code: error.code },
      'node attempt failed; retrying',
    );
  }

  context(run: NodeRun, props: Record<string, unknown>, attempt: number): NodeContext {
    return new NodeContext(this, run.node.id, run.inputs, props, attempt, run.resumed);
  }

  /* Outcomes ------------------------------------------------------------------------------ */

  private onOutcome(run: NodeRun, outcome: NodeOutcome) {
    const nodeId = run.node.id;
    const inputs = run.inputs;
    const startedAt = run.startedAt ?? nowDate();
    switch (outcome.kind) {
      case 'succeeded': {
        const { outputs, attempt, durationMs } = outcome;
        this.graph.settled.set(nodeId, { status: 'succeeded', outputs });
        this.record.nodesSucceeded += 1;
        const finishedAt = nowDate();
        this.recordSucceeded(
          nodeId,
          run.node.type,
          attempt,
          inputs,
          outputs,
          startedAt,
          finishedAt,
          durationMs,
        );
        this.emitNodeCompleted(nodeId, attempt, durationMs, outputs, finishedAt.getTime());
        this.deps.metrics?.nodeFinished(run.node.type, 'succeeded', durationMs);
        for (const t of this.graph.targetsOf(nodeId)) this.consider(t);
        return;
      }
      case 'failed':
        this.deps.metrics?.nodeFinished(run.node.type, 'failed', outcome.durationMs);
        return this.settleFailed(
          nodeId,
          outcome.attempt,
          outcome.error,
          outcome.durationMs,
          inputs,
          startedAt,
        );
      case 'waiting':
        return this.armWait(
          nodeId,
          { request: outcome.request, attempt: outcome.attempt, inputs, since: nowDate() },
          true,
        );
      case 'halted':
        return;
      case 'cancelled':
        this.graph.settled.set(nodeId, { status: 'cancelled' });
        this.recordRun(nodeId, {
          attempt: outcome.attempt,
          status: 'cancelled',
          inputs,
          outputs: null,
          error: {
            code: 'CANCELLED',
            message: String((this.cancelScope.reason as Error | undefined)?.message ?? 'cancelled'),
          },
          wait: null,
          startedAt,
          finishedAt: nowDate(),
          durationMs: null,
        });
        return;
    }
  }

  private settleFailed(
    nodeId: string,
    attempt: number,
    error: { code: string; message: string; retryable: boolean },
    durationMs: number,
    inputs: Record<string, unknown> | null = null,
    startedAt?: Date,
  ) {
    this.graph.settled.set(nodeId, { status: 'failed' });
    this.record.nodesFailed += 1;
    const now = nowDate();
    this.recordRun(nodeId, {
      attempt,
      status: 'failed',
      inputs,
      outputs: null,
      error,
      wait: null,
      startedAt: startedAt ?? now,
      finishedAt: now,
      durationMs,
    });
    this.emit({ type: 'node_failed', nodeId, attempt, durationMs, error });
    this.log.warn({ nodeId, code: error.code, attempt }, `node failed: ${error.message}`);
    this.note('error', nodeId, `node failed: ${error.message}`, { code: error.code, attempt });
    this.failure ??= {
      code: error.code,
      message: `node "${nodeId}" failed: ${error.message}`,
      nodeId,
      retryable: error.retryable,
    };
  }

  /* Waiting ------------------------------------------------------------------------------- */

  private armWait(nodeId: string, w: Waiting, isNew = false) {
    const untilMs =
      w.request.kind === 'timer' ? w.request.untilMs : Date.now() + w.request.timeoutMs;
    this.waiting.set(nodeId, w);
    if (isNew) {
      const approvalId =
        w.request.kind === 'approval'
          ? this.deps.approvals?.request(this, nodeId, w.request, untilMs)
          : undefined;
      if (approvalId) w.approvalId = approvalId;
      this.recordRun(nodeId, {
        attempt: w.attempt,
        status: 'waiting',
        inputs: w.inputs,
        outputs: null,
        error: null,
        wait: { kind: w.request.kind, untilMs, ...(approvalId && { approvalId }) },
        startedAt: w.since,
        finishedAt: null,
        durationMs: null,
      });
      this.emit({ type: 'node_waiting', nodeId, reason: w.request.kind, until: untilMs });
      this.note(
        'info',
        nodeId,
        `waiting for ${w.request.kind === 'approval' ? 'an approval' : 'a timer'}`,
        {
          until: new Date(untilMs).toISOString(),
        },
      );
      if (approvalId && w.request.kind === 'approval') {
        this.emit({
          type: 'approval_requested',
          nodeId,
          approvalId,
          details: w.request.details,
          expiresAt: untilMs,
        });
      }
    }
    const delay = Math.max(0, untilMs - Date.now());
    // Timers beyond ~24 days overflow setTimeout; a restart re-arms them from the checkpoint anyway.
    w.timer = setTimeout(
      () => {
        const resumption: Resumption =
          w.request.kind === 'timer'
            ? { kind: 'timer' }
            : { kind: 'approval', decision: 'timed_out', by: 'timeout' };
        if (w.request.kind === 'approval') this.expireApproval(nodeId, w);
        else this.resolveWait(nodeId, resumption);
      },
      Math.min(delay, 2 ** 31 - 1),
    );
    w.timer.unref?.();
  }

  /** Whether the node waits (for an approval, a timer) in this unfinished execution. */
  isWaiting(nodeId: string): boolean {
    return !this.finished && this.waiting.has(nodeId);
  }

  /** Ends a node's wait and runs it again with the resumption. False when it was not waiting. */
  resolveWait(nodeId: string, resumed: Resumption): boolean {
    const w = this.waiting.get(nodeId);
    if (!w || this.finished) return false;
    clearTimeout(w.timer);
    this.waiting.delete(nodeId);
    if (this.record.status !== 'running') {
      this.setStatus('running');
      const reason = resumed.kind === 'approval' ? `approval ${resumed.decision}` : 'timer elapsed';
      this.emit({ type: 'execution_resumed', reason });
      this.note('info', nodeId, `execution resumed: ${reason}`);
    }
    this.startNode(nodeId, w.inputs, { attempt: w.attempt, resumed });
    return true;
  }

  /* Settling ------------------------------------------------------------------------------ */

  private maybeSettle() {
    if (this.finished || this.running.size > 0) return;
    if (this.timedOut) return void this.finish('failed', this.failure);
    if (this.cancelScope.aborted) return void this.finish('cancelled', this.failure);
    if (this.failure) return void this.finish('failed', this.failure);
    if (this.halted.size > 0) return void this.pause('halted');
    if (this.waiting.size > 0) return void this.pause('waiting');
    void this.finish('succeeded', null);
  }

  private async pause(status: 'waiting' | 'halted') {
    if (this.record.status === status) return;
    this.setStatus(status);
    if (status === 'halted') {
      this.emit({ type: 'execution_halted', reason: 'emergency HALT' });
      this.note('warn', null, 'execution halted: emergency HALT');
    }
    await this.deps.writer.flush(this.record.id).catch(() => {});
    this.deps.onPaused?.(this);
    this.onPause?.();
  }

  /** Resumes nodes held by HALT. */
  release() {
    if (this.halted.size === 0 || this.finished) return;
    const held = [...this.halted];
    this.halted.clear();
    this.setStatus('running');
    this.emit({ type: 'execution_resumed', reason: 'emergency level back to normal' });
    this.note('info', null, 'execution resumed: emergency level back to normal');
    for (const [id, { inputs, resume }] of held) this.startNode(id, inputs, resume);
    this.maybeSettle();
  }

  private output(): unknown {
    let values: Record<string, unknown> | undefined;
    let count = 0;
    let first: unknown;
    for (const leaf of this.graph.leaves()) {
      const s = this.graph.settled.get(leaf);
      if (s?.status !== 'succeeded') continue;
      const value = firstOutput(s.outputs);
      if (value === undefined) continue;
      (values ??= {})[leaf] = value;
      if (count++ === 0) first = value;
    }
    return count === 0 ? null : count === 1 ? first : values;
  }

  private async finish(status: 'succeeded' | 'failed' | 'cancelled', error: ErrorInfo | null) {
    if (this.finished) return;
    this.finished = true;
    if (this.deadline) clearTimeout(this.deadline);
    const stoppedAt = nowDate();
    // What still waited (an approval, a timer) never will: recorded as cancelled, so the history
    // and a later snapshot do not show it waiting for ever.
    for (const [nodeId, w] of this.waiting) {
      clearTimeout(w.timer);
      if (w.approvalId) {
        const reason =
          status === 'cancelled'
            ? `the execution was cancelled${error ? ` (${error.message})` : ''}`
            : `the execution ${status}${error ? `: ${error.message}` : ''}`;
        this.deps.approvals?.withdraw(this, nodeId, w.approvalId, reason);
        this.emit({
          type: 'approval_resolved',
          nodeId,
          approvalId: w.approvalId,
          decision: 'withdrawn',
          by: 'the system',
        });
      }
      this.recordRun(nodeId, {
        attempt: w.attempt,
        status: 'cancelled',
        inputs: w.inputs,
        outputs: null,
        error: {
          code: 'CANCELLED',
          message: `stopped waiting for ${w.request.kind === 'approval' ? 'an approval' : 'a timer'}: ${error?.message ?? `the execution ${status}`}`,
        },
        wait: null,
        startedAt: w.since,
        finishedAt: stoppedAt,
        durationMs: null,
      });
      this.nodeStatus.set(nodeId, { status: 'cancelled', attempt: w.attempt });
    }
    this.waiting.clear();
    this.record.finishedAt = stoppedAt;
    this.record.error = error;
    if (status === 'succeeded') this.record.output = this.output();
    this.setStatus(status);
    const durationMs = Math.round((performance.now() - this.t0) * 100) / 100;
    if (status === 'succeeded')
      this.publishEvent({
        type: 'execution_completed',
        durationMs,
        output: this.record.output,
        executionId: this.record.id,
        workflowId: this.record.workflowId,
        seq: this.nextSeq(),
        ts: this.record.finishedAt.getTime(),
      });
    else if (status === 'failed') this.emit({ type: 'execution_failed', error: error! });
    else {
      this.emit({ type: 'execution_cancelled', reason: error?.message ?? 'cancelled' });
      this.note('warn', null, `execution cancelled: ${error?.message ?? 'cancelled'}`);
    }
    this.deps.writer.execution(this.record);
    if (this.deps.logger.isLevelEnabled('debug'))
      this.log.debug({ status, durationMs }, 'execution finished');
    await this.deps.writer
      .flush(this.record.id)
      .catch((err: unknown) => this.log.error({ err }, 'final checkpoint failed'));
    this.deps.metrics?.executionFinished(status);
    this.resolveDone(this.record);
    this.deps.onFinished?.(this);
  }
}
