import { describe, expect, it } from 'vitest';
import type { Workflow } from '@/lib/workflow';
import { toGraph } from './convert';
import {
  connectTargets,
  edgeAriaLabel,
  edgesFrom,
  filterTargets,
  outputPorts,
} from './keyboard-connect';
import { createEditorStore } from './store';
import type { Catalog, NodeTypeEntry } from './types';

function entry(type: string, io: Partial<NodeTypeEntry>): NodeTypeEntry {
  return {
    type,
    title: type,
    category: 'Utility',
    description: '',
    sideEffects: false,
    inputs: {},
    outputs: {},
    propsSchema: { type: 'object', properties: {} },
    ...io,
  };
}

const catalog: Catalog = {
  counter: entry('counter', { inputs: { in: 'any' }, outputs: { out: 'number' } }),
  'set-fields': entry('set-fields', { inputs: { in: 'json' }, outputs: { out: 'json' } }),
  log: entry('log', { inputs: { in: 'any' }, outputs: { out: 'any' } }),
  if: entry('if', { inputs: { in: 'any' }, outputs: { true: 'any', false: 'any' } }),
};

const at = { x: 0, y: 0 };
const workflow: Workflow = {
  id: 'wf',
  name: 'Keys',
  description: '',
  version: 1,
  nodes: [
    { id: 'count', type: 'counter', name: 'Count', position: at, props: {} },
    { id: 'fields', type: 'set-fields', name: 'Fields', position: at, props: {} },
    { id: 'log', type: 'log', name: 'Log', position: at, props: {} },
    { id: 'audit', type: 'log', name: 'Audit', position: at, props: {} },
  ],
  edges: [{ id: 'e1', source: 'count', sourceHandle: 'out', target: 'log', targetHandle: 'in' }],
  settings: {},
};

describe('keyboard connect', () => {
  const graph = toGraph(workflow, catalog);

  it('lists a node’s outputs in its type’s order', () => {
    const branch = { ...graph.nodes[2]!, data: { ...graph.nodes[2]!.data, type: 'if' } };
    expect(outputPorts(branch, catalog)).toEqual([
      { name: 'true', type: 'any' },
      { name: 'false', type: 'any' },
    ]);
  });

  it('lists every input, the allowed ones first, the others with the drag’s reason', () => {
    expect(connectTargets(graph, catalog, 'count', 'out')).toEqual([
      { nodeId: 'audit', nodeName: 'Audit', port: 'in', type: 'any', refusal: null },
      {
        nodeId: 'count',
        nodeName: 'Count',
        port: 'in',
        type: 'any',
        refusal: 'A node cannot feed itself.',
      },
      {
        nodeId: 'fields',
        nodeName: 'Fields',
        port: 'in',
        type: 'json',
        refusal: 'Count “out” gives number, but Fields “in” takes json.',
      },
      {
        nodeId: 'log',
        nodeName: 'Log',
        port: 'in',
        type: 'any',
        refusal: 'These ports are already connected.',
      },
    ]);
  });

  it('refuses an input that would close a cycle, naming it', () => {
    const log = connectTargets(graph, catalog, 'log', 'out').find((t) => t.nodeId === 'count');
    expect(log?.refusal).toBe('That would make a cycle: Count → Log → Count.');
  });

  it('filters by node name or port, any case', () => {
    const targets = connectTargets(graph, catalog, 'count', 'out');
    expect(filterTargets(targets, ' aud ').map((t) => t.nodeId)).toEqual(['audit']);
    expect(filterTargets(targets, 'IN')).toHaveLength(4);
    expect(filterTargets(targets, '')).toHaveLength(4);
  });

  it('finds the edges leaving one output', () => {
    expect(edgesFrom(graph, 'count', 'out').map((e) => e.id)).toEqual(['e1']);
    expect(edgesFrom(graph, 'log', 'out')).toEqual([]);
  });

  it('names edges after their nodes and ports', () => {
    expect(graph.edges[0]!.ariaLabel).toBe('Edge from Count · out to Log · in');
    expect(
      edgeAriaLabel(
        { source: 'a', sourceHandle: 'out', target: 'b', targetHandle: 'in' },
        () => undefined,
      ),
    ).toBe('Edge from a · out to b · in');
  });
});

describe('editor store: edges made from the keyboard', () => {
  it('connects in one undo step, with the edge named, and renames follow', () => {
    let clock = 1_000;
    const store = createEditorStore({ workflow, catalog, now: () => clock });
    const connect = { source: 'count', sourceHandle: 'out', target: 'audit', targetHandle: 'in' };
    expect(store.getState().onConnect(connect)).toBeNull();
    clock += 10;
    expect(store.getState().onConnect({ ...connect, target: 'fields' })).toBe(
      'Count “out” gives number, but Fields “in” takes json.',
    );
    let s = store.getState();
    expect(s.edges.map((e) => e.ariaLabel)).toEqual([
      'Edge from Count · out to Log · in',
      'Edge from Count · out to Audit · in',
    ]);
    expect(s.past).toHaveLength(1);

    s.updateNode('audit', { name: 'Ledger' });
    s = store.getState();
    expect(s.edges.map((e) => e.ariaLabel)).toEqual([
      'Edge from Count · out to Log · in',
      'Edge from Count · out to Ledger · in',
    ]);

    s.undo();
    s.undo();
    expect(store.getState().edges.map((e) => e.id)).toEqual(['e1']);
  });
});
