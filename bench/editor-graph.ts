/**
 * A big workflow for the editor benchmark: `nodes` nodes in columns of 40, each fed by a node of
 * the column before (one edge per input, no cycle), plus extra edges into merge nodes' spare
 * inputs until there are `edges` edges. Deterministic: the same arguments give the same graph.
 */
import type { WorkflowInput } from '../lib/workflow';

const ROWS = 40;

export function bigEditorGraph(
  id: string,
  nodes = 1_000,
  edges = 1_200,
): Required<Pick<WorkflowInput, 'id' | 'name' | 'nodes' | 'edges'>> {
  let seed = 42;
  const random = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed % n;
  };
  const column = (i: number) => Math.floor(i / ROWS);
  const typeOf = (i: number) => (i === 0 ? 'manual-trigger' : i % 3 === 0 ? 'merge' : 'log');
  const list = Array.from({ length: nodes }, (_, i) => ({
    id: `n${i}`,
    type: typeOf(i),
    name: `${typeOf(i)} ${i}`,
    position: { x: column(i) * 320, y: (i % ROWS) * 140 },
    props: {},
  }));
  const links: WorkflowInput['edges'] = [];
  const link = (source: number, target: number, targetHandle: string) =>
    links.push({
      id: `e${links.length}`,
      source: `n${source}`,
      sourceHandle: 'out',
      target: `n${target}`,
      targetHandle,
    });
  for (let i = ROWS; i < nodes; i++) {
    const from = (column(i) - 1) * ROWS + random(ROWS);
    link(from, i, typeOf(i) === 'merge' ? 'a' : 'in');
  }
  for (let i = ROWS; i < nodes && links.length < edges; i++) {
    if (typeOf(i) !== 'merge') continue;
    for (const port of ['b', 'c']) {
      if (links.length >= edges) break;
      link((column(i) - 1) * ROWS + random(ROWS), i, port);
    }
  }
  return {
    id,
    name: `Big graph (${nodes} nodes, ${links.length} edges)`,
    nodes: list,
    edges: links,
  };
}
