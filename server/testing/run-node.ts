/**
 * Runs one node type's `run` outside the executor, the way the executor will call it: props go
 * through the type's zod schema first (so defaults apply and bad props throw), and the node gets
 * an AbortSignal and a logger that records its lines for the test to read.
 *
 * @example
 * const { outputs, logs } = await runNodeForTest(log, { inputs: { in: 42 }, props: { level: 'warn' } });
 */
import type { z } from 'zod';
import {
  isWaitResult,
  WAIT,
  type NodeDefinition,
  type NodeLogger,
  type Ports,
  type Resumption,
  type RunResult,
  type WaitRequest,
  type WorkflowState,
} from '../nodes/define-node';
import { createMemoryState } from '../runtime/state';
import type { EmergencyApi, PaperVenueApi } from '../trading/types';
import { unavailableEmergency, unavailablePaper } from '../trading/unavailable';

export type LogLevel = keyof NodeLogger;
export type LoggedLine = { level: LogLevel; obj: object; msg?: string };

export type NodeTestOptions<Schema extends z.ZodObject, In extends Ports> = {
  inputs?: { [K in keyof In]?: unknown };
  /** Props as a user would write them: parsed through the type's schema before the run. */
  props?: z.input<Schema>;
  trigger?: unknown;
  /** Defaults to a signal that never aborts. */
  signal?: AbortSignal;
  /** Defaults to an empty in-memory state. */
  state?: WorkflowState;
  /** Set to run the node as the executor does after a wait ends. */
  resumed?: Resumption;
  /** Stands in for the channel bus; what the node publishes is recorded either way. */
  publish?: (channel: string, payload: unknown) => Promise<void>;
  /** The paper venue (e.g. `createPaperVenue(db)`); default: unavailable, calls throw. */
  paper?: PaperVenueApi;
  emergency?: EmergencyApi;
  /** Defaults to ex_test / wf_test / node_test, attempt 1. */
  execution?: Partial<{ id: string; workflowId: string; nodeId: string; attempt: number }>;
};

export type NodeTestResult<Schema extends z.ZodObject, Out extends Ports> = {
  outputs: RunResult<Out>;
  /** Set when the node asked to wait (approval, timer) instead of producing outputs. */
  waiting?: WaitRequest;
  /** What the node published, per call of `ctx.publish`. */
  published: { channel: string; payload: unknown }[];
  /** The props the node saw, defaults filled in. */
  props: z.output<Schema>;
  logs: LoggedLine[];
};

export function recordingLogger(lines: LoggedLine[]): NodeLogger {
  const at = (level: LogLevel) => (obj: object, msg?: string) =>
    void lines.push({ level, obj, msg });
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export async function runNodeForTest<
  Schema extends z.ZodObject,
  In extends Ports,
  Out extends Ports,
>(
  def: NodeDefinition<Schema, In, Out>,
  options: NodeTestOptions<Schema, In> = {},
): Promise<NodeTestResult<Schema, Out>> {
  const props = def.props.parse(options.props ?? {});
  const logs: LoggedLine[] = [];
  const published: { channel: string; payload: unknown }[] = [];
  const result = await def.run({
    inputs: options.inputs ?? {},
    props,
    trigger: options.trigger,
    signal: options.signal ?? new AbortController().signal,
    log: recordingLogger(logs),
    state: options.state ?? createMemoryState(),
    publish: async (channel, payload) => {
      published.push({ channel, payload });
      await options.publish?.(channel, payload);
    },
    wait: (request) => ({ [WAIT]: request }),
    resumed: options.resumed,
    execution: {
      id: 'ex_test',
      workflowId: 'wf_test',
      nodeId: 'node_test',
      attempt: 1,
      ...options.execution,
    },
    paper: options.paper ?? unavailablePaper,
    emergency: options.emergency ?? unavailableEmergency,
  });
  if (isWaitResult(result)) return { outputs: {}, waiting: result[WAIT], published, props, logs };
  const outputs = result;
  for (const port of Object.keys(outputs)) {
    if (!(port in def.outputs))
      throw new Error(
        `${def.type} returned a value for "${port}", which is not one of its output ports`,
      );
  }
  return { outputs, published, props, logs };
}
