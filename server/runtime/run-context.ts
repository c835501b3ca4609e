/**
 * The context a node's `run` receives: its inputs and props, the execution's trigger payload, a
 * logger bound to `executionId`, `workflowId` and `nodeId`, the workflow's state, the channels,
 * `wait`, and the attempt's signal. A class with getters, because the logger and the signal cost
 * more than most nodes' work and most nodes never touch them.
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
import type { LazySignal } from './resilience/timeout';

export type NodeScope = {
  executionId: string;
  workflowId: string;
  nodeId: string;
  trigger: unknown;
  /** The execution's logger (made on first use). */
  log: () => Logger;
  /** Whether the process logger writes lines of this level at all. */
  baseLevelEnabled: (level: keyof NodeLogger) => boolean;
  /** Keeps a line in the execution's history when its level is kept there (a compare if not). */
  capture?: (level: keyof NodeLogger, nodeId: string, obj: object, msg?: string) => void;
  state: WorkflowState;
  publish: (channel: string, payload: unknown) => Promise<void>;
  paper: PaperVenueApi;
  emergency: EmergencyApi;
};

export class NodeContext implements RunContext<Record<string, unknown>, Record<string, never>> {
  private logger: NodeLogger | undefined;
  readonly trigger: unknown;
  readonly state: WorkflowState;
  readonly publish: (channel: string, payload: unknown) => Promise<void>;
  readonly execution: { id: string; workflowId: string; nodeId: string; attempt: number };
  readonly paper: PaperVenueApi;
  readonly emergency: EmergencyApi;

  constructor(
    private readonly scope: NodeScope,
    private readonly lazy: LazySignal,
    readonly inputs: Record<string, unknown>,
    readonly props: Record<string, unknown>,
    attempt: number,
    readonly resumed: Resumption | undefined,
  ) {
    this.trigger = scope.trigger;
    this.state = scope.state;
    this.publish = scope.publish;
    this.paper = scope.paper;
    this.emergency = scope.emergency;
    this.execution = {
      id: scope.executionId,
      workflowId: scope.workflowId,
      nodeId: scope.nodeId,
      attempt,
    };
  }

  /** Lines below the logger's level cost nothing: the child logger is made for the first line written. */
  get log(): NodeLogger {
    const { capture, nodeId } = this.scope;
    return (this.logger ??= guardedLogger(
      this.scope.baseLevelEnabled,
      () => this.scope.log().child({ nodeId }),
      capture && ((level, obj, msg) => capture(level, nodeId, obj, msg)),
    ));
  }

  get signal(): AbortSignal {
    return this.lazy.signal;
  }

  wait(request: WaitRequest): WaitResult {
    return { [WAIT]: request };
  }
}

function guardedLogger(
  isEnabled: (level: keyof NodeLogger) => boolean,
  make: () => Logger,
  capture?: (level: keyof NodeLogger, obj: object, msg?: string) => void,
): NodeLogger {
  let child: Logger | undefined;
  const at =
    (level: keyof NodeLogger) =>
    (obj: object, msg?: string): void => {
      if (isEnabled(level)) (child ??= make())[level](obj, msg);
      capture?.(level, obj, msg);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
