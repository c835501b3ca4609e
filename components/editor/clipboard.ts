/**
 * Copy and paste as workflow JSON: a copy is `{ nodes, edges }` in the workflow file's shape (the
 * selected nodes and the edges between them), so it pastes into another tab or from an exported
 * workflow file. A paste gets fresh ids and lands offset from the original. Pure.
 */
import { nanoid } from 'nanoid';
import { workflowEdgeSchema, workflowNodeSchema, type WorkflowEdge } from '@/lib/workflow';
import { entryOf, toEditorEdge, toEditorNode, toWorkflowNode } from './convert';
import type { Graph } from './store';
import type { Catalog } from './types';

export type Fragment = { nodes: ReturnType<typeof toWorkflowNode>[]; edges: WorkflowEdge[] };

/** The selected nodes and the edges that join two of them. */
export function copySelection(graph: Graph): Fragment | null {
  const nodes = graph.nodes.filter((n) => n.selected);
  if (nodes.length === 0) return null;
  const ids = new Set(nodes.map((n) => n.id));
  return {
    nodes: nodes.map(toWorkflowNode),
    edges: graph.edges
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .map(({ id, source, sourceHandle, target, targetHandle }) => ({
        id,
        source,
        sourceHandle,
        target,
        targetHandle,
      })),
  };
}

/** Reads a fragment (or a whole workflow file) from clipboard text; null if it is not one. */
export function parseFragment(text: string, catalog: Catalog): Fragment | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || !Array.isArray((value as Fragment).nodes))
    return null;
  const raw = value as { nodes: unknown[]; edges?: unknown[] };
  const nodes = raw.nodes.flatMap((n) => {
    const parsed = workflowNodeSchema.safeParse(n);
    return parsed.success && entryOf(catalog, parsed.data.type) ? [parsed.data] : [];
  });
  if (nodes.length === 0) return null;
  const ids = new Set(nodes.map((n) => n.id));
  const edges = (raw.edges ?? []).flatMap((e) => {
    const parsed = workflowEdgeSchema.safeParse(e);
    return parsed.success && ids.has(parsed.data.source) && ids.has(parsed.data.target)
      ? [parsed.data]
      : [];
  });
  return { nodes, edges };
}

/** The fragment as new nodes and edges: fresh ids, moved by `offset`. */
export function instantiate(fragment: Fragment, offset: { x: number; y: number }): Graph {
  const idMap = new Map(fragment.nodes.map((n) => [n.id, `${n.type}-${nanoid(6)}`]));
  return {
    nodes: fragment.nodes.map((n) =>
      toEditorNode({
        ...structuredClone(n),
        id: idMap.get(n.id)!,
        position: { x: n.position.x + offset.x, y: n.position.y + offset.y },
      }),
    ),
    edges: fragment.edges.map((e) =>
      toEditorEdge({
        ...e,
        id: `e_${nanoid(10)}`,
        source: idMap.get(e.source)!,
        target: idMap.get(e.target)!,
      }),
    ),
  };
}
