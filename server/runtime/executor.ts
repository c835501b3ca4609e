/**
 * The executor: starts executions, resumes them from their checkpoints, cancels them and ends
 * their waits. Its dependencies come in one object (no imported singletons), so tests and
 * benchmarks build it with the parts they want (memory or database checkpoints, memory or Redis
 * bus). The per-execution loop lives in execution.ts.
 */
import { nanoid } from 'nanoid';
import type { ExecutionSnapshot, TriggerKind } from '@/lib/events';
import type { Workflow } from '@/lib/workflow';
import type {
  AnyNodeDefinition,
  Resumption,
  WaitRequest,
  WorkflowState,
} from '../nodes/define-node';
import type { Logger } from '../logger';
import type { EmergencyApi, PaperVenueApi } from '../trading/types';
import type { CheckpointWriter, ExecutionRecord, NodeRunRecord } from './checkpoint';
import type { EventBus } from './event-bus/event-bus';
import type { ExecutionLogSink } from './execution-logs';
import { nowDate } from './clock';
import { ExecutionRun } from './execution';
import type { CircuitBreakers } from './resilience/circuit-breaker';

export type ExecutorMetrics = {
  nodeFinished(type: string, status: 'succeeded' | 'failed', durationMs: number): void;
  executionFinished(status: string): void;
};

export type ApprovalHooks = {
  /** Records a pending approval (its checkpoint goes with the node's) and returns its id. */
  request(
    run: ExecutionRun,
    nodeId: string,
    request: Extract<WaitRequest, { kind: 'approval' }>,
    expiresAtMs: number,
  ): string;
  /** The approval timed out: mark it so (if still pending) and resume the node as rejected. */
  expire(run: ExecutionRun, nodeId: string): Promise<void>;
  /**
   * The execution finished while the approval was pending (cancelled, failed): mark it withdrawn,
   * so no one is asked any more and it cannot be decided. Never throws.
   */
  withdraw(run: ExecutionRun, nodeId: string, approvalId: string, reason: string): void;
};

export type ExecutorDeps = {
  registry: Readonly<Record<string, AnyNodeDefinition>>;
  writer: CheckpointWriter;
  bus: EventBus;
  logger: Logger;
  breakers: CircuitBreakers;
  state(workflowId: string): WorkflowState;
  /** Publishes to a named channel on behalf of an execution (event triggers of other workflows). */
  publish(channel: string, payload: unknown, from: ExecutionRecord): Promise<void>;
  /** This process's id, stored as the owner of the executions it runs. */
  owner: string;
  liveProps?(workflowId: string, nodeId: string): Record<string, unknown> | undefined;
  /** The paper venue and the emergency capability nodes get (default: unavailable, they throw). */
  paper?: PaperVenueApi;
  emergency?: EmergencyApi;
  /** Emergency gate: may a node start now? Default: always. */
  gate?(sideEffects: boolean): 'run' | 'halt' | 'refuse';
  approvals?: ApprovalHooks;
  metrics?: ExecutorMetrics;
  /** Keeps each execution's log lines for its history (runtime/execution-logs.ts). */
  logs?: ExecutionLogSink;
  onPaused?(run: ExecutionRun): void;
  onFinished?(run: ExecutionRun): void;
};

export type StartRequest = {
  workflow: Workflow;
  trigger: TriggerKind;
  input?: unknown;
  triggerNodeId?: string | null;
  rerunOf?: string | null;
  executionId?: string;
};

export const newExecutionId = () => `ex_${nanoid(16)}`;

export function createExecutor(deps: ExecutorDeps) {
  const runs = new Map<string, ExecutionRun>();
  // Forgotten when it finishes (`withCleanup.onFinished`, called as `done` resolves).
  const track = (run: ExecutionRun) => {
    runs.set(run.id, run);
    return run;
  };
  const withCleanup: ExecutorDeps = {
    ...deps,
    onFinished: (run) => {
      runs.delete(run.id);
      deps.onFinished?.(run);
    },
  };

  return {
    start(req: StartRequest): ExecutionRun {
      const record: ExecutionRecord = {
        id: req.executionId ?? newExecutionId(),
        workflowId: req.workflow.id,
        workflowVersion: req.workflow.version,
        status: 'running',
        triggerKind: req.trigger,
        triggerNodeId: req.triggerNodeId ?? null,
        input: req.input ?? null,
        output: null,
        error: null,
        rerunOf: req.rerunOf ?? null,
        nodesSucceeded: 0,
        nodesFailed: 0,
        owner: deps.owner,
        startedAt: nowDate(),
        finishedAt: null,
        lastSeq: 0,
      };
      const run = track(new ExecutionRun(withCleanup, req.workflow, record));
      run.begin();
      return run;
    },

    /** Continues an execution from its checkpoint (after a crash, a HALT, or in another process). */
    resume(
      record: ExecutionRecord,
      nodeRuns: NodeRunRecord[],
      workflow: Workflow,
      reason: string,
      minSeq = 0,
    ): ExecutionRun {
      const existing = runs.get(record.id);
      if (existing) return existing;
      const run = track(
        new ExecutionRun(withCleanup, workflow, {
          ...record,
          owner: deps.owner,
          lastSeq: Math.max(record.lastSeq, minSeq),
        }),
      );
      run.continueFrom(nodeRuns, reason);
      return run;
    },

    get(executionId: string): ExecutionRun | undefined {
      return runs.get(executionId);
    },

    /** Cancels a run of this process; false when there is none, or it has finished already. */
    cancel(executionId: string, reason: string): boolean {
      return runs.get(executionId)?.cancel(reason) ?? false;
    },

    resolveWait(executionId: string, nodeId: string, resumed: Resumption): boolean {
      return runs.get(executionId)?.resolveWait(nodeId, resumed) ?? false;
    },

    active(): ExecutionRun[] {
      return [...runs.values()];
    },

    /** Current node statuses of a live execution, for SSE subscribers. */
    snapshot(executionId: string): ExecutionSnapshot | null {
      return runs.get(executionId)?.snapshot() ?? null;
    },
  };
}

export type Executor = ReturnType<typeof createExecutor>;
