/**
 * Whether a new edge may be drawn, and if not, why, in words a user can act on. The same rules
 * the server checks on save (lib/workflow.ts), plus port types and one edge per input. Pure.
 */
import { findCycle } from '@/lib/graph';
import { entryOf } from './convert';
import type { Catalog, EditorEdge, EditorNode, PortType } from './types';

export type NewConnection = {
  source: string;
  sourceHandle: string | null;
  target: string;
  targetHandle: string | null;
};

/** Port types fit when they are equal or either side takes anything. */
export function portTypesFit(from: PortType, to: PortType): boolean {
  return from === 'any' || to === 'any' || from === to;
}

/**
 * Returns why the connection is refused, or null when it may be made.
 *
 * @example connectionRefusal({ source: 'a', sourceHandle: 'out', target: 'a', targetHandle: 'in' }, graph, catalog)
 * // 'A node cannot feed itself.'
 */
export function connectionRefusal(
  c: NewConnection,
  graph: { nodes: readonly EditorNode[]; edges: readonly EditorEdge[] },
  catalog: Catalog,
): string | null {
  const from = graph.nodes.find((n) => n.id === c.source);
  const to = graph.nodes.find((n) => n.id === c.target);
  if (!from || !to || !c.sourceHandle || !c.targetHandle) return 'Pick an output and an input.';
  if (from.id === to.id) return 'A node cannot feed itself.';
  const fromType = entryOf(catalog, from.data.type)?.outputs[c.sourceHandle];
  const toType = entryOf(catalog, to.data.type)?.inputs[c.targetHandle];
  if (!fromType || !toType) return 'Connect an output (right) to an input (left).';
  const taken = graph.edges.find((e) => e.target === c.target && e.targetHandle === c.targetHandle);
  if (taken) {
    if (taken.source === c.source && taken.sourceHandle === c.sourceHandle)
      return 'These ports are already connected.';
    const other = graph.nodes.find((n) => n.id === taken.source)?.data.name ?? taken.source;
    return `Input “${c.targetHandle}” of ${to.data.name} already has an edge (from ${other}); an input takes one.`;
  }
  if (!portTypesFit(fromType, toType))
    return `${from.data.name} “${c.sourceHandle}” gives ${fromType}, but ${to.data.name} “${c.targetHandle}” takes ${toType}.`;
  const cycle = findCycle(
    graph.nodes.map((n) => n.id),
    [...graph.edges, { source: c.source, target: c.target }],
  );
  if (cycle) {
    const names = cycle.map((id) => graph.nodes.find((n) => n.id === id)?.data.name ?? id);
    return `That would make a cycle: ${names.join(' → ')}.`;
  }
  return null;
}
