import { describe, expect, it } from 'vitest';
import { findCycle, topologicalOrder, type GraphEdge } from './graph';

const edges = (...pairs: string[]): GraphEdge[] =>
  pairs.map((pair) => {
    const [source, target] = pair.split('>') as [string, string];
    return { source, target };
  });

/** True when `path` is a closed walk along the given edges. */
function isClosedWalk(path: string[], graph: GraphEdge[]): boolean {
  if (path.length < 2 || path[0] !== path[path.length - 1]) return false;
  return path.slice(1).every((to, i) => graph.some((e) => e.source === path[i] && e.target === to));
}

describe('findCycle', () => {
  it('finds a self-loop', () => {
    expect(findCycle(['a', 'b'], edges('a>b', 'b>b'))).toEqual(['b', 'b']);
  });

  it('finds a two-node cycle', () => {
    expect(findCycle(['a', 'b'], edges('a>b', 'b>a'))).toEqual(['a', 'b', 'a']);
  });

  it('returns only the cycle, not the path that leads to it', () => {
    const graph = edges('start>a', 'a>b', 'b>c', 'c>d', 'd>b', 'a>x');
    const cycle = findCycle(['start', 'a', 'x', 'b', 'c', 'd'], graph);
    expect(cycle).toEqual(['b', 'c', 'd', 'b']);
    expect(isClosedWalk(cycle!, graph)).toBe(true);
  });

  it('finds a cycle whose nodes are listed after unrelated acyclic parts', () => {
    const graph = edges('p>q', 'q>r', 'm>n', 'n>o', 'o>m');
    const cycle = findCycle(['p', 'q', 'r', 'm', 'n', 'o'], graph);
    expect(cycle).not.toBeNull();
    expect(new Set(cycle)).toEqual(new Set(['m', 'n', 'o']));
    expect(isClosedWalk(cycle!, graph)).toBe(true);
  });

  it('returns null for a DAG with diamonds and shared descendants', () => {
    const graph = edges('a>b', 'a>c', 'b>d', 'c>d', 'd>e', 'a>e', 'f>d');
    expect(findCycle(['a', 'b', 'c', 'd', 'e', 'f'], graph)).toBeNull();
  });

  it('ignores edges that touch unknown nodes', () => {
    expect(findCycle(['a', 'b'], edges('a>b', 'b>ghost', 'ghost>a'))).toBeNull();
  });

  it('walks a 10,000-node chain without overflowing the stack', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `n${i}`);
    const chain = ids.slice(1).map((id, i) => ({ source: ids[i]!, target: id }));
    expect(findCycle(ids, chain)).toBeNull();

    const closed = [...chain, { source: 'n9999', target: 'n0' }];
    const cycle = findCycle(ids, closed);
    expect(cycle).toHaveLength(10_001);
    expect(cycle![0]).toBe('n0');
    expect(cycle![10_000]).toBe('n0');
  });
});

describe('topologicalOrder', () => {
  it('puts every node after the nodes it depends on', () => {
    const ids = ['e', 'd', 'c', 'b', 'a'];
    const graph = edges('a>b', 'a>c', 'b>d', 'c>d', 'd>e');
    const order = topologicalOrder(ids, graph);
    expect(order).toHaveLength(5);
    for (const { source, target } of graph)
      expect(order.indexOf(source)).toBeLessThan(order.indexOf(target));
  });

  it('keeps the given order for independent nodes', () => {
    expect(topologicalOrder(['c', 'a', 'b'], [])).toEqual(['c', 'a', 'b']);
  });

  it('orders nodes that become ready together by the given order, whatever the edge order', () => {
    const ids = ['root', 'z', 'y', 'x'];
    const forward = edges('root>x', 'root>y', 'root>z');
    const backward = [...forward].reverse();
    expect(topologicalOrder(ids, forward)).toEqual(['root', 'z', 'y', 'x']);
    expect(topologicalOrder(ids, backward)).toEqual(['root', 'z', 'y', 'x']);
  });

  it('prefers an earlier-listed node that becomes ready later over a later-listed one ready now', () => {
    // b is listed first but waits for a; c is ready at once. After a, b (listed first) beats d.
    expect(topologicalOrder(['b', 'a', 'c', 'd'], edges('a>b', 'c>d'))).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
  });

  it('counts parallel edges between the same nodes correctly', () => {
    expect(topologicalOrder(['b', 'a'], edges('a>b', 'a>b'))).toEqual(['a', 'b']);
  });

  it('throws on a cycle', () => {
    expect(() => topologicalOrder(['a', 'b', 'c'], edges('a>b', 'b>c', 'c>b'))).toThrow(/cycle/);
    expect(() => topologicalOrder(['a'], edges('a>a'))).toThrow(/cycle/);
  });

  it('orders a 10,000-node chain given in reverse', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `n${i}`);
    const chain = ids.slice(1).map((id, i) => ({ source: ids[i]!, target: id }));
    expect(topologicalOrder([...ids].reverse(), chain)).toEqual(ids);
  });
});
