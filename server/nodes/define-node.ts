/**
 * `defineNode`: the one place a node type is described: key, title, category, ports, the zod
 * schema of its props (defaults, ranges, descriptions and widget hints via `.meta()`), whether it
 * has side effects, and `run`. The registry lists the definitions; the catalog serialises them.
 *
 * `run` gets everything through its context and returns a value per output port. It must not
 * import runtime singletons: state, channels, waiting and cancellation all come in `ctx`.
 */
import type { z } from 'zod';
import type { EmergencyApi, PaperVenueApi } from '../trading/types';

export type PortType = 'any' | 'json' | 'number' | 'string' | 'boolean' | 'signal';
export type Ports = Readonly<Record<string, PortType>>;

export type NodeLogger = {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
};

/** Key/value state kept per workflow, across executions and restarts (in the database). */
export type WorkflowState = {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  /** Adds `by` to a numeric value (missing counts as 0) atomically and returns the new value. */
  increment(key: string, by: number): Promise<number>;
};

/**
 * A node that must wait for something outside the process (a person, a time) returns
 * `ctx.wait(request)`. The executor records the node `waiting` (durably: the wait survives a
 * restart), and when the wait ends it runs the node again with `ctx.resumed` set.
 */
export type WaitRequest =
  { kind: 'approval'; details: unknown; timeoutMs: number } | { kind: 'timer'; untilMs: number };

export type Resumption =
  | {
      kind: 'approval';
      decision: 'approved' | 'rejected' | 'timed_out';
      by: string;
      comment?: string;
    }
  | { kind: 'timer' };

export const WAIT = Symbol.for('flowdeck.wait');
export type WaitResult = { [WAIT]: WaitRequest };

export function isWaitResult(value: unknown): value is WaitResult {
  return typeof value === 'object' && value !== null && WAIT in value;
}

export type RunContext<Props, In extends Ports> = {
  inputs: { [K in keyof In]?: unknown };
  /** The payload that started the execution (Run's JSON input, a webhook request, an event…). */
  trigger: unknown;
  props: Props;
  /** Aborted on timeout, cancel and SHUTDOWN: pass it to every I/O call. */
  signal: AbortSignal;
  log: NodeLogger;
  state: WorkflowState;
  /** Publishes to a named channel: the event triggers listening on it start their workflows. */
  publish(channel: string, payload: unknown): Promise<void>;
  wait(request: WaitRequest): WaitResult;
  /** Set when the node runs again after a wait it asked for. */
  resumed?: Resumption;
  execution: { id: string; workflowId: string; nodeId: string; attempt: number };
  /** The paper trading venue: orders, marks and the workflow's exposure. */
  paper: PaperVenueApi;
  /** Raise the emergency level as an automatic rule (risk limits); never lower it. */
  emergency: EmergencyApi;
};

/** What a node type's shutdown hook gets when the emergency level becomes SHUTDOWN. */
export type ShutdownContext = {
  reason: string;
  paper: { flattenAll(reason: string): Promise<{ closed: number; cancelled: number }> };
  log: NodeLogger;
};

/** What `run` returns: a value per output port; a port left out produces nothing (its branch is skipped). */
export type RunResult<Out extends Ports> = { [K in keyof Out]?: unknown };

/**
 * When a node with several inputs runs:
 * - `all` (default): once every upstream node has settled; skipped unless every connected input got a value.
 * - `all-settled`: once every upstream node has settled, with whichever inputs got a value (skipped if none).
 * - `first`: as soon as any input gets a value; later arrivals are ignored.
 */
export type JoinMode = 'all' | 'all-settled' | 'first';

export type TriggerKindOfNode = 'manual' | 'interval' | 'cron' | 'webhook' | 'event';

export type NodeDefinition<
  Schema extends z.ZodObject = z.ZodObject,
  In extends Ports = Ports,
  Out extends Ports = Ports,
> = {
  type: string;
  title: string;
  category: 'Triggers' | 'Logic' | 'Data' | 'Network' | 'Trading' | 'Utility';
  description: string;
  inputs: In;
  outputs: Out;
  props: Schema;
  /** Side-effect nodes (orders, HTTP POST) are refused under HALT and never run twice on resume. */
  sideEffects: boolean | ((props: z.output<Schema>) => boolean);
  /** Trigger nodes start executions; the runtime arms them on activate. */
  trigger?: TriggerKindOfNode;
  join?: (props: z.output<Schema>) => JoinMode;
  /**
   * The input ports the node cannot do without, given its props: a run of a workflow where one
   * is not connected is refused before anything runs, naming the node and the port. (A port
   * left out takes nothing; most single-input nodes fall back to the trigger payload.)
   */
  requiredInputs?: (props: z.output<Schema>) => readonly (keyof In & string)[];
  /** Circuit-breaker key: the host of an HTTP call, the venue of an order. */
  target?: (props: z.output<Schema>, inputs: { [K in keyof In]?: unknown }) => string | undefined;
  /**
   * Runs the node. A node that needs no I/O may return its result directly instead of a promise:
   * the executor then runs it without a timer or a promise (most nodes are such pure steps).
   */
  run(
    ctx: RunContext<z.output<Schema>, In>,
  ): RunResult<Out> | WaitResult | Promise<RunResult<Out> | WaitResult>;
  /**
   * Called once per process when the emergency level becomes SHUTDOWN, after executions are
   * cancelled: node types that hold positions or open orders close them here.
   */
  onShutdown?(ctx: ShutdownContext): Promise<void>;
};

export function defineNode<Schema extends z.ZodObject, In extends Ports, Out extends Ports>(
  def: NodeDefinition<Schema, In, Out>,
): NodeDefinition<Schema, In, Out> {
  return def;
}

/** Whether a node with these props has side effects. */
export function hasSideEffects<S extends z.ZodObject>(
  def: NodeDefinition<S>,
  props: z.output<S>,
): boolean {
  return typeof def.sideEffects === 'function' ? def.sideEffects(props) : def.sideEffects;
}

/** A definition with its types erased, as the registry and the executor hold it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- props differ per type; each def checks its own
export type AnyNodeDefinition = NodeDefinition<any, Ports, Ports>;
