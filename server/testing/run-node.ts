/**
 * Runs one node type's `run` outside the executor, the way the executor will call it: props go
 * through the type's zod schema first (so defaults apply and bad props throw), and the node gets
 * an AbortSignal and a logger that records its lines for the test to read.
 *
 * @example
 * const { outputs, logs } = await runNodeForTest(log, { inputs: { in: 42 }, props: { level: 'warn' } });
 */
import type { z } from 'zod';
import type { NodeDefinition, NodeLogger, Ports, RunResult } from '../nodes/define-node';

export type LogLevel = keyof NodeLogger;
export type LoggedLine = { level: LogLevel; obj: object; msg?: string };

export type NodeTestOptions<Schema extends z.ZodObject, In extends Ports> = {
  inputs?: { [K in keyof In]?: unknown };
  /** Props as a user would write them: parsed through the type's schema before the run. */
  props?: z.input<Schema>;
  trigger?: unknown;
  /** Defaults to a signal that never aborts. */
  signal?: AbortSignal;
};

export type NodeTestResult<Schema extends z.ZodObject, Out extends Ports> = {
  outputs: RunResult<Out>;
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
  const outputs = await def.run({
    inputs: options.inputs ?? {},
    props,
    trigger: options.trigger,
    signal: options.signal ?? new AbortController().signal,
    log: recordingLogger(logs),
  });
  for (const port of Object.keys(outputs)) {
    if (!(port in def.outputs))
      throw new Error(
        `${def.type} returned a value for "${port}", which is not one of its output ports`,
      );
  }
  return { outputs, props, logs };
}
