/**
 * Between the workflow JSON (lib/workflow.ts) and React Flow's nodes and edges. Pure.
 */
import { Position, type NodeHandle } from '@xyflow/react';
import type { Workflow, WorkflowNode } from '@/lib/workflow';
import type { Catalog, EditorEdge, EditorNode, JsonSchema } from './types';

export type WorkflowMeta = Omit<Workflow, 'nodes' | 'edges'>;

export function toEditorNode(node: WorkflowNode): EditorNode {
  const { id, position, ...data } = node;
  return { id, type: 'workflow', position: { ...position }, data, ariaLabel: data.name };
}

export function toEditorEdge(edge: Workflow['edges'][number]): EditorEdge {
  return { ...edge, type: 'workflow' };
}

/** "Count · out", as the keyboard connect dialog and edge labels name a port. */
export function portLabel(nodeName: string, port: string): string {
  return `${nodeName} · ${port}`;
}

/**
 * The accessible name of an edge on the canvas (React Flow's default names node ids):
 * "Edge from Count · out to Log · in".
 */
export function edgeAriaLabel(
  edge: Pick<EditorEdge, 'source' | 'sourceHandle' | 'target' | 'targetHandle'>,
  nameOf: (nodeId: string) => string | undefined,
): string {
  const from = portLabel(nameOf(edge.source) ?? edge.source, edge.sourceHandle);
  return `Edge from ${from} to ${portLabel(nameOf(edge.target) ?? edge.target, edge.targetHandle)}`;
}

/** The edges with their accessible names from these nodes' names (a new array, new edges). */
export function labelEdges(
  edges: readonly EditorEdge[],
  nodes: readonly { id: string; data: { name: string } }[],
): EditorEdge[] {
  const names = new Map(nodes.map((n) => [n.id, n.data.name]));
  return edges.map((e) => ({ ...e, ariaLabel: edgeAriaLabel(e, (id) => names.get(id)) }));
}

/** The width of a node on the canvas (workflow-node.tsx draws it `w-56`). */
export const NODE_WIDTH = 224;

/**
 * The height of a node of a type as React Flow measures it (`offsetHeight`: 2 px borders, a
 * 41.75 px header, then 20 px port rows between 4 px paddings, rounded) when it shows no result.
 * compact-node.tsx draws exactly this height too.
 */
export function nodeHeight(catalog: Catalog, type: string): number {
  const entry = entryOf(catalog, type);
  const rows = Math.max(
    Object.keys(entry?.inputs ?? {}).length,
    Object.keys(entry?.outputs ?? {}).length,
  );
  return 46 + (rows > 0 ? rows * 20 + 8 : 0);
}

/**
 * A node's size before React Flow has measured it, from its type's port count, so a big
 * workflow shows its nodes at once instead of after measuring every one of them. `measured`
 * too: React Flow then finds nothing changed when it measures a node that looks as expected, and
 * a 1,000-node workflow skips a pass that re-created every node (a node that differs, say with a
 * result preview, is measured and updated as before).
 */
export function sizeHint(catalog: Catalog, type: string) {
  const height = nodeHeight(catalog, type);
  return {
    initialWidth: NODE_WIDTH,
    initialHeight: height,
    measured: { width: NODE_WIDTH, height },
  };
}

/** workflow-node.tsx: a 2 px border, a 41.75 px header, then 20 px port rows after 4 px. */
const HANDLE_SIZE = 10;
/** Where the centre of a node's first handle sits below the node's top edge; the next are 20 px lower. */
export const FIRST_HANDLE_CENTRE = 2 + 41.75 + 4 + 10;
const FIRST_HANDLE_TOP = FIRST_HANDLE_CENTRE - HANDLE_SIZE / 2;

/**
 * Where a node's handles sit before React Flow has measured them, from its type's ports (the
 * layout workflow-node.tsx draws). With them, the edges of a big workflow are drawn in the first
 * pass instead of after every node has been measured.
 */
export function handlesHint(catalog: Catalog, type: string): NodeHandle[] {
  const entry = entryOf(catalog, type);
  const side = (names: string[], isInput: boolean): NodeHandle[] =>
    names.map((id, i) => ({
      id,
      type: isInput ? 'target' : 'source',
      position: isInput ? Position.Left : Position.Right,
      x: isInput ? 2 - HANDLE_SIZE / 2 : NODE_WIDTH - 2 - HANDLE_SIZE / 2,
      y: FIRST_HANDLE_TOP + i * 20,
      width: HANDLE_SIZE,
      height: HANDLE_SIZE,
    }));
  return [
    ...side(Object.keys(entry?.inputs ?? {}), true),
    ...side(Object.keys(entry?.outputs ?? {}), false),
  ];
}

export function toGraph(
  wf: Workflow,
  catalog?: Catalog,
): { nodes: EditorNode[]; edges: EditorEdge[] } {
  const nodes = wf.nodes.map(toEditorNode);
  return {
    nodes: catalog
      ? nodes.map((n) => ({
          ...n,
          ...sizeHint(catalog, n.data.type),
          handles: handlesHint(catalog, n.data.type),
        }))
      : nodes,
    edges: labelEdges(wf.edges.map(toEditorEdge), nodes),
  };
}

export function toWorkflowNode(node: EditorNode): WorkflowNode {
  const { type, name, props, disabled, retry, timeoutMs } = node.data;
  return {
    id: node.id,
    type,
    name,
    position: { x: Math.round(node.position.x), y: Math.round(node.position.y) },
    props,
    ...(disabled !== undefined && { disabled }),
    ...(retry && { retry }),
    ...(timeoutMs !== undefined && { timeoutMs }),
  };
}

export function toWorkflow(
  meta: WorkflowMeta,
  nodes: readonly EditorNode[],
  edges: readonly EditorEdge[],
): Workflow {
  return {
    ...meta,
    nodes: nodes.map(toWorkflowNode),
    edges: edges.map(({ id, source, sourceHandle, target, targetHandle }) => ({
      id,
      source,
      sourceHandle,
      target,
      targetHandle,
    })),
  };
}

/** The props a new node of a type starts with: every default its schema declares. */
export function defaultProps(schema: JsonSchema): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema.properties ?? {})) {
    if (field.default !== undefined) props[key] = structuredClone(field.default);
  }
  return props;
}

/** "Log", then "Log 2", "Log 3"… so names stay unique enough to tell nodes apart. */
export function uniqueName(title: string, nodes: readonly EditorNode[]): string {
  const taken = new Set(nodes.map((n) => n.data.name));
  if (!taken.has(title)) return title;
  for (let i = 2; ; i++) if (!taken.has(`${title} ${i}`)) return `${title} ${i}`;
}

/** The node's type entry, own keys only (a type named "constructor" is not Object's). */
export function entryOf(catalog: Catalog, type: string) {
  return Object.hasOwn(catalog, type) ? catalog[type] : undefined;
}
