/**
 * The context a node's `run` receives: its inputs and props, the execution's trigger payload, a
 * logger bound to `executionId`, `workflowId` and `nodeId`, the workflow's state, the channels,
 * `wait`, and the attempt's signal. A class with getters over its execution (`NodeScope`, one per
 * execution, not per node), because the logger, the signal and the state cost more than most
 * nodes' work and most nodes never touch them: each is made on first use.
 *
 * Nodes destructure their context (`run({ inputs, props, wait })`), so nothing handed out may
 * depend on `this`: `wait` does not use it, and `publish` is the execution's own function.
 */
import {
  WAIT,
  type NodeLogger,
  type Resumption,
  type RunContext,
  type WaitRequest,
  type WaitResult,
  type WorkflowState,
} from '../nodes/define-node';
import type { Logger } from '../logger';
import type { EmergencyApi, PaperVenueApi } from '../trading/types';
import { LazySignal, type Abortable, type CancelScope } from './resilience/timeout';

/** What every node run of one execution shares. */
export interface NodeScope {
  readonly executionId: string;
  readonly workflowId: string;
  readonly trigger: unknown;
  /** The execution's logger (made on first use). */
  executionLog(): Logger;
  /** Whether the process logger writes lines of this level at all. */
  baseLevelEnabled(level: keyof NodeLogger): boolean;
  /** Keeps a line in the execution's history when its level is kept there (a compare if not). */
  capture?(level: keyof NodeLogger, nodeId: string, obj: object, msg?: string): void;
  /** The workflow's state (made on first use). */
  readonly state: WorkflowState;
  /** Publishes on behalf of the execution; a function of its own (nodes destructure it). */
  readonly publish: (channel: string, payload: unknown) => Promise<void>;
  readonly paper: PaperVenueApi;
  readonly emergency: EmergencyApi;
  readonly cancelScope: CancelScope;
}

function wait(request: WaitRequest): WaitResult {
  return { [WAIT]: request };
}

export class NodeContext
  implements RunContext<Record<string, unknown>, Record<string, never>>, Abortable
{
  private logger: NodeLogger | undefined;
  private lazy: LazySignal | null = null;
  private abortedWith: { reason: unknown } | null = null;
  private executionInfo: RunContext<unknown, Record<string, never>>['execution'] | undefined;

  constructor(
    private readonly scope: NodeScope,
    private readonly nodeId: string,
    readonly inputs: Record<string, unknown>,
    readonly props: Record<string, unknown>,
    private readonly attempt: number,
    readonly resumed: Resumption | undefined,
  ) {}

  get trigger(): unknown {
    return this.scope.trigger;
  }

  get state(): WorkflowState {
    return this.scope.state;
  }

  get publish(): (channel: string, payload: unknown) => Promise<void> {
    return this.scope.publish;
  }

  get paper(): PaperVenueApi {
    return this.scope.paper;
  }

  get emergency(): EmergencyApi {
    return this.scope.emergency;
  }

  get execution() {
    return (this.executionInfo ??= {
      id: this.scope.executionId,
      workflowId: this.scope.workflowId,
      nodeId: this.nodeId,
      attempt: this.attempt,
    });
  }

  get wait(): (request: WaitRequest) => WaitResult {
    return wait;
  }

  /** Lines below the logger's level cost nothing: the child logger is made for the first line written. */
  get log(): NodeLogger {
    return (this.logger ??= new GuardedLogger(this.scope, this.nodeId));
  }

  get signal(): AbortSignal {
    if (!this.lazy) {
      this.lazy = new LazySignal(this.scope.cancelScope);
      if (this.abortedWith) this.lazy.abort(this.abortedWith.reason);
    }
    return this.lazy.signal;
  }

  /** The attempt's time limit or cancel: aborts its signal (now, or when it is first read). */
  abort(reason: unknown) {
    this.abortedWith ??= { reason };
    this.lazy?.abort(reason);
  }

  dispose() {
    this.lazy?.dispose();
  }
}

/**
 * A node's logger: a line goes to the process log (through a child logger bound to `nodeId`,
 * made for the first line written at a level the process logs) and to the execution's history.
 * Its methods are on the prototype (one object per node run that logs, not one closure per
 * level); call them on the logger (`log.info(…)`, `log[level](…)`).
 */
class GuardedLogger implements NodeLogger {
  private child: Logger | undefined;

  constructor(
    private readonly scope: NodeScope,
    private readonly nodeId: string,
  ) {}

  private line(level: keyof NodeLogger, obj: object, msg?: string) {
    const scope = this.scope;
    if (scope.baseLevelEnabled(level))
      (this.child ??= scope.executionLog().child({ nodeId: this.nodeId }))[level](obj, msg);
    scope.capture?.(level, this.nodeId, obj, msg);
  }

  debug(obj: object, msg?: string) {
    this.line('debug', obj, msg);
  }

  info(obj: object, msg?: string) {
    this.line('info', obj, msg);
  }

  warn(obj: object, msg?: string) {
    this.line('warn', obj, msg);
  }

  error(obj: object, msg?: string) {
    this.line('error', obj, msg);
  }
}
