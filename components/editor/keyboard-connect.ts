/**
 * What the keyboard "Connect…" dialog lists: a node's output ports, every input of the graph a
 * chosen output could feed with why not where it cannot (the very refusals a drag gets, from
 * connection-rules.ts), and the edges already leaving that output. Pure.
 */
import { connectionRefusal } from './connection-rules';
import { entryOf } from './convert';

export { edgeAriaLabel, portLabel } from './convert';
import type { Catalog, EditorEdge, EditorNode, PortType } from './types';

type Graph = { nodes: readonly EditorNode[]; edges: readonly EditorEdge[] };

export type Port = { name: string; type: PortType };

/** An input the chosen output may feed (`refusal` null) or may not, and why. */
export type ConnectTarget = {
  nodeId: string;
  nodeName: string;
  port: string;
  type: PortType;
  refusal: string | null;
};

/** A node's output ports, in the order its type declares them. */
export function outputPorts(node: EditorNode, catalog: Catalog): Port[] {
  return Object.entries(entryOf(catalog, node.data.type)?.outputs ?? {}).map(([name, type]) => ({
    name,
    type,
  }));
}

/**
 * Every input of the graph, for the output `sourceHandle` of node `source`: those it may feed
 * first, then the refused ones, each group in graph order.
 *
 * @example connectTargets(graph, catalog, 'count', 'out')
 * // [{ nodeId: 'log', nodeName: 'Log', port: 'in', type: 'any', refusal: null }, …]
 */
export function connectTargets(
  graph: Graph,
  catalog: Catalog,
  source: string,
  sourceHandle: string,
): ConnectTarget[] {
  const allowed: ConnectTarget[] = [];
  const refused: ConnectTarget[] = [];
  for (const node of graph.nodes) {
    const inputs = entryOf(catalog, node.data.type)?.inputs ?? {};
    for (const [port, type] of Object.entries(inputs)) {
      const refusal = connectionRefusal(
        { source, sourceHandle, target: node.id, targetHandle: port },
        graph,
        catalog,
      );
      (refusal ? refused : allowed).push({
        nodeId: node.id,
        nodeName: node.data.name,
        port,
        type,
        refusal,
      });
    }
  }
  return [...allowed, ...refused];
}

/** Targets whose node name or port contains `query` (any case); all of them for a blank query. */
export function filterTargets(targets: readonly ConnectTarget[], query: string): ConnectTarget[] {
  const q = query.trim().toLowerCase();
  if (!q) return [...targets];
  return targets.filter((t) => `${t.nodeName} · ${t.port}`.toLowerCase().includes(q));
}

/** The edges that leave output `sourceHandle` of node `source`. */
export function edgesFrom(graph: Graph, source: string, sourceHandle: string): EditorEdge[] {
  return graph.edges.filter((e) => e.source === source && e.sourceHandle === sourceHandle);
}
