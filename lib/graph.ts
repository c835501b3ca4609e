/**
 * Pure graph helpers over a workflow's nodes and edges: topological order and cycle search.
 * Isomorphic (browser and server); knows nothing of node types or storage.
 */

export type GraphEdge = { source: string; target: string };

/** Adjacency lists keyed by node id, in the order the ids are given. */
function adjacency(nodeIds: readonly string[], edges: readonly GraphEdge[]) {
  const next = new Map<string, string[]>(nodeIds.map((id) => [id, []]));
  for (const edge of edges) next.get(edge.source)?.push(edge.target);
  return next;
}

/**
 * Returns one cycle as a closed path of node ids (`['a', 'b', 'a']`), or null when the graph is
 * acyclic. Iterative DFS, so a 10,000-node chain cannot overflow the stack.
 *
 * @example findCycle(['a', 'b'], [{ source: 'a', target: 'b' }, { source: 'b', target: 'a' }]) // ['a', 'b', 'a']
 */
export function findCycle(nodeIds: readonly string[], edges: readonly GraphEdge[]): string[] | null {
  const next = adjacency(nodeIds, edges);
  const state = new Map<string, 'open' | 'done'>();
  for (const root of nodeIds) {
    if (state.has(root)) continue;
    const path: string[] = [root];
    const cursors: number[] = [0];
    state.set(root, 'open');
    while (path.length > 0) {
      const node = path[path.length - 1]!;
      const targets = next.get(node) ?? [];
      const i = cursors[cursors.length - 1]!;
      if (i >= targets.length) {
        state.set(node, 'done');
        path.pop();
        cursors.pop();
        continue;
      }
      cursors[cursors.length - 1] = i + 1;
      const target = targets[i]!;
      const seen = state.get(target);
      if (seen === 'open') return [...path.slice(path.indexOf(target)), target];
      if (seen === undefined && next.has(target)) {
        state.set(target, 'open');
        path.push(target);
        cursors.push(0);
      }
    }
  }
  return null;
}

/**
 * Node ids in dependency order (Kahn's algorithm; ties keep the given order, so the result is
 * stable). Throws when the graph has a cycle: validate with `findCycle` first.
 */
export function topologicalOrder(nodeIds: readonly string[], edges: readonly GraphEdge[]): string[] {
  const next = adjacency(nodeIds, edges);
  const indegree = new Map<string, number>(nodeIds.map((id) => [id, 0]));
  for (const edge of edges) {
    if (indegree.has(edge.target) && next.has(edge.source)) {
      indegree.set(edge.target, indegree.get(edge.target)! + 1);
    }
  }
  const ready = nodeIds.filter((id) => indegree.get(id) === 0);
  const order: string[] = [];
  for (let i = 0; i < ready.length; i++) {
    const id = ready[i]!;
    order.push(id);
    for (const target of next.get(id) ?? []) {
      const left = indegree.get(target)! - 1;
      indegree.set(target, left);
      if (left === 0) ready.push(target);
    }
  }
  if (order.length !== nodeIds.length) throw new Error('topologicalOrder: the graph has a cycle');
  return order;
}
