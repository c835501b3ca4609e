/**
 * `defineNode`: the one place a node type is described: key, title, category, ports, the zod
 * schema of its props (defaults, ranges, descriptions and widget hints via `.meta()`), whether it
 * has side effects, and `run`. The registry lists the definitions; the catalog serialises them.
 */
import type { z } from 'zod';

export type PortType = 'any' | 'json' | 'number' | 'string' | 'boolean' | 'signal';
export type Ports = Readonly<Record<string, PortType>>;

export type NodeLogger = {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
};

export type RunContext<Props, In extends Ports> = {
  inputs: { [K in keyof In]?: unknown };
  /** The payload that started the execution (Run's JSON input, a webhook body…). */
  trigger: unknown;
  props: Props;
  signal: AbortSignal;
  log: NodeLogger;
};

/** What `run` returns: a value per output port; a port left out produces nothing (its branch is skipped). */
export type RunResult<Out extends Ports> = { [K in keyof Out]?: unknown };

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
  sideEffects: boolean;
  run(ctx: RunContext<z.output<Schema>, In>): Promise<RunResult<Out>>;
};

export function defineNode<Schema extends z.ZodObject, In extends Ports, Out extends Ports>(
  def: NodeDefinition<Schema, In, Out>,
): NodeDefinition<Schema, In, Out> {
  return def;
}
