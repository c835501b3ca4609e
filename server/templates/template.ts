/**
 * A workflow template: a ready-made workflow definition a user starts from ("New from
 * template"), and that a first start of an empty database creates. One file per template.
 */
import type { WorkflowInput } from '@/lib/workflow';

export type WorkflowTemplate = {
  /** Stable key (kebab-case), used by `workflows.createFromTemplate`. */
  id: string;
  name: string;
  description: string;
  workflow: Omit<WorkflowInput, 'id' | 'version' | 'name' | 'description'>;
};

type NodeSpec = NonNullable<WorkflowInput['nodes']>[number];

/** A node at a grid position (columns 260 px, rows 140 px apart). */
export function at(
  id: string,
  type: string,
  name: string,
  col: number,
  row: number,
  props: Record<string, unknown> = {},
  extra: Partial<NodeSpec> = {},
): NodeSpec {
  return { id, type, name, position: { x: col * 260, y: row * 140 }, props, ...extra };
}

/** An edge `from.port → to.port`. */
export function wire(from: string, fromPort: string, to: string, toPort = 'in') {
  return {
    id: `${from}.${fromPort}-${to}.${toPort}`,
    source: from,
    sourceHandle: fromPort,
    target: to,
    targetHandle: toPort,
  };
}
