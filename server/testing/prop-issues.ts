/**
 * The user-facing lines a node type's props schema gives for bad props (`intervalMs: must be ≥ 10`),
 * as the workflow validator and the executor report them: for tests of prop validation.
 *
 * @example
 * expect(propIssues(intervalTrigger, { intervalMs: 5 })).toEqual(['intervalMs: must be ≥ 10']);
 */
import type { z } from 'zod';
import { toIssues } from '@/lib/zod-issues';
import type { NodeDefinition, Ports } from '../nodes/define-node';

export function propIssues<Schema extends z.ZodObject>(
  def: NodeDefinition<Schema, Ports, Ports>,
  props: unknown,
): string[] {
  const parsed = def.props.strict().safeParse(props);
  if (parsed.success) return [];
  return toIssues(parsed.error).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
}
