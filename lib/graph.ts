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
export function findCycle(
  nodeIds: readonly string[],
  edges: readonly GraphEdge[],
): string[] | null {
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

/** A min-heap of numbers: the ready nodes, by their position in the given order. */
class MinHeap {
  private readonly items: number[] = [];
  get size() {
    return this.items.length;
  }
  push(value: number) {
    const items = this.items;
    let i = items.push(value) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent]! <= value) break;
      items[i] = items[parent]!;
      i = parent;
    }
    items[i] = value;
  }
  pop(): number {
    const items = this.items;
    const top = items[0]!;
    const last = items.pop()!;
    if (items.length === 0) return top;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= items.length) break;
      if (child + 1 < items.length && items[child + 1]! < items[child]!) child++;
      if (items[child]! >= last) break;
      items[i] = items[child]!;
      i = child;
    }
    items[i] = last;
    return top;
  }
}

/**
 * Node ids in dependency order (Kahn's algorithm). Of the nodes ready at each step, the one given
 * first comes first, so the order depends only on the node order and the graph, never on the
 * order of the edges. Throws when the graph has a cycle: validate with `findCycle` first.
 */
export function topologicalOrder(
  nodeIds: readonly string[],
  edges: readonly GraphEdge[],
): string[] {
  const index = new Map(nodeIds.map((id, i) => [id, i]));
  const indegree = nodeIds.map(() => 0);
  const next: number[][] = nodeIds.map(() => []);
  for (const edge of edges) {
    const from = index.get(edge.source);
    const to = index.get(edge.target);
    if (from === undefined || to === undefined) continue;
    next[from]!.push(to);
    indegree[to]!++;
  }
  const ready = new MinHeap();
  indegree.forEach((n, i) => n === 0 && ready.push(i));
  const order: string[] = [];
  while (ready.size > 0) {
    const i = ready.pop();
    order.push(nodeIds[i]!);
    for (const target of next[i]!) if (--indegree[target]! === 0) ready.push(target);
  }
  if (order.length !== nodeIds.length) throw new Error('topologicalOrder: the graph has a cycle');
  return order;
}
