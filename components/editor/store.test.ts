import { describe, expect, it } from 'vitest';
import type { RuntimeEvent } from '@/lib/events';
import { validateWorkflow, type Workflow } from '@/lib/workflow';
import { selectSingleSelected, selectWorkflow } from './selectors';
import { createEditorStore } from './store';
import type { Catalog, NodeTypeEntry } from './types';

function entry(type: string, title: string, io: Partial<NodeTypeEntry>): NodeTypeEntry {
  return {
    type,
    title,
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
  'manual-trigger': entry('manual-trigger', 'Manual Trigger', { outputs: { out: 'json' } }),
  log: entry('log', 'Log', {
    inputs: { in: 'any' },
    outputs: { out: 'any' },
    propsSchema: {
      type: 'object',
      properties: { message: { type: 'string', default: '' }, level: { default: 'info' } },
    },
  }),
  counter: entry('counter', 'Counter', { inputs: { in: 'any' }, outputs: { out: 'number' } }),
  'set-fields': entry('set-fields', 'Set Fields', {
    inputs: { in: 'json' },
    outputs: { out: 'json' },
  }),
};

const workflow: Workflow = {
  id: 'wf_test',
  name: 'Test',
  description: '',
  version: 3,
  nodes: [
    { id: 't', type: 'manual-trigger', name: 'Start', position: { x: 0, y: 0 }, props: {} },
    { id: 'a', type: 'log', name: 'Log', position: { x: 200, y: 0 }, props: { message: 'hi' } },
  ],
  edges: [{ id: 'e1', source: 't', sourceHandle: 'out', target: 'a', targetHandle: 'in' }],
  settings: {},
};

function setup() {
  let clock = 1_000;
  const store = createEditorStore({ workflow, catalog, now: () => clock });
  return { store, tick: (ms: number) => (clock += ms) };
}

const base = { executionId: 'x1', workflowId: 'wf_test', ts: 0 };
const started = (seq: number, executionId = 'x1'): RuntimeEvent => ({
  ...base,
  executionId,
  seq,
  type: 'execution_started',
  trigger: 'manual',
  workflowVersion: 3,
});

describe('editor store', () => {
  it('loads the workflow as React Flow nodes and edges, clean, and saves it back unchanged', () => {
    const { store } = setup();
    const s = store.getState();
    expect(s.nodes.map((n) => [n.id, n.type, n.data.name, n.ariaLabel])).toEqual([
      ['t', 'workflow', 'Start', 'Start'],
      ['a', 'workflow', 'Log', 'Log'],
    ]);
    // As React Flow measures a node of one port row (offsetHeight of 73.75 px).
    expect(s.nodes.map((n) => [n.initialWidth, n.initialHeight, n.measured])).toEqual([
      [224, 74, { width: 224, height: 74 }],
      [224, 74, { width: 224, height: 74 }],
    ]);
    expect(s.edges).toHaveLength(1);
    expect(s.dirty).toBe(false);
    expect(selectWorkflow(s)).toEqual(workflow);
  });

  it('adds a node with its default props and a unique name, selected alone; undo and redo', () => {
    const { store } = setup();
    const id = store.getState().addNode('log', { x: 10, y: 20 });
    let s = store.getState();
    const node = s.nodes.find((n) => n.id === id)!;
    expect(node.data).toEqual({
      type: 'log',
      name: 'Log 2',
      props: { message: '', level: 'info' },
    });
    expect(selectSingleSelected(s)?.id).toBe(id);
    expect(s.dirty).toBe(true);
    expect(validateWorkflow(selectWorkflow(s)).ok).toBe(true);

    s.undo();
    s = store.getState();
    expect(s.nodes.map((n) => n.id)).toEqual(['t', 'a']);
    s.redo();
    expect(store.getState().nodes.map((n) => n.id)).toEqual(['t', 'a', id]);
  });

  it('connects compatible ports and refuses the rest with a reason', () => {
    const { store } = setup();
    const s = store.getState();
    const b = s.addNode('log', { x: 0, y: 0 });
    const c = s.addNode('counter', { x: 0, y: 0 });
    const f = s.addNode('set-fields', { x: 0, y: 0 });
    const connect = (source: string, sourceHandle: string, target: string, targetHandle = 'in') =>
      store.getState().onConnect({ source, sourceHandle, target, targetHandle });

    expect(connect('a', 'out', b)).toBeNull();
    expect(store.getState().edges).toHaveLength(2);
    expect(connect('a', 'out', b)).toBe('These ports are already connected.');
    expect(connect('t', 'out', b)).toMatch(/^Input “in” of Log 2 already has an edge \(from Log\)/);
    expect(connect(b, 'out', c)).toBeNull();
    expect(store.getState().edges).toHaveLength(3);
    store.getState().undo();
    expect(store.getState().edges).toHaveLength(2);
    store.getState().redo();
    expect(store.getState().edges).toHaveLength(3);
    expect(connect(c, 'out', f)).toBe(
      'Counter “out” gives number, but Set Fields “in” takes json.',
    );
    expect(connect(c, 'out', c)).toBe('A node cannot feed itself.');
    expect(connect(c, 'out', 'a')).toBe(
      'Input “in” of Log already has an edge (from Start); an input takes one.',
    );
    store.getState().onEdgesChange([{ type: 'remove', id: 'e1' }]);
    expect(connect(c, 'out', 'a')).toBe('That would make a cycle: Log → Log 2 → Counter → Log.');
    expect(store.getState().edges).toHaveLength(2);
  });

  it('wiring an input clears what a refused run said of that input, and only of it', () => {
    const { store } = setup();
    const s = store.getState();
    const b = s.addNode('log', { x: 0, y: 0 });
    s.setSaveIssues(
      {
        [b]: ['inputs.in: must be connected (log needs it)', 'inputs.extra: must be connected'],
        a: ['props.message: too long'],
      },
      'run',
    );
    expect(store.getState().issuesFrom).toBe('run');
    store.getState().onConnect({ source: 't', sourceHandle: 'out', target: b, targetHandle: 'in' });
    expect(store.getState().saveIssues).toEqual({
      [b]: ['inputs.extra: must be connected'],
      a: ['props.message: too long'],
    });
  });

  it('edits props with one undo step per burst of typing', () => {
    const { store, tick } = setup();
    const s = store.getState();
    s.updateProps('a', { message: 'h' });
    tick(100);
    s.updateProps('a', { message: 'he' });
    tick(100);
    s.updateProps('a', { message: 'hey' });
    tick(2_000);
    s.updateProps('a', { level: 'warn' });
    expect(store.getState().nodes[1]!.data.props).toEqual({ message: 'hey', level: 'warn' });
    store.getState().undo();
    expect(store.getState().nodes[1]!.data.props).toEqual({ message: 'hey' });
    store.getState().undo();
    expect(store.getState().nodes[1]!.data.props).toEqual({ message: 'hi' });
    expect(store.getState().past).toHaveLength(0);
  });

  it('keeps an edit that names its own step apart from the typing around it', () => {
    const { store, tick } = setup();
    const s = store.getState();
    s.updateProps('a', { message: 'x' }, 'add#1');
    tick(100);
    s.updateProps('a', { message: 'xy' }, '[0]');
    tick(100);
    s.updateProps('a', { message: 'xyz' }, '[0]');
    tick(100);
    s.updateProps('a', { message: 'xyz!' }, '[1]');
    expect(store.getState().past).toHaveLength(3);
    store.getState().undo();
    expect(store.getState().nodes[1]!.data.props.message).toBe('xyz');
    store.getState().undo();
    expect(store.getState().nodes[1]!.data.props.message).toBe('x');
  });

  it('edits a shared prop of several nodes in one undo step', () => {
    const { store } = setup();
    const b = store.getState().addNode('log', { x: 0, y: 0 });
    store.getState().updateProps(['a', b], { level: 'warn' });
    const props = () =>
      store
        .getState()
        .nodes.slice(1)
        .map((n) => n.data.props.level);
    expect(props()).toEqual(['warn', 'warn']);
    store.getState().resetProp(['a', b], 'level');
    expect(props()).toEqual([undefined, undefined]);
    store.getState().undo();
    store.getState().undo();
    expect(props()).toEqual([undefined, 'info']);
  });

  it('resets a prop and updates node settings, removing a setting set to undefined', () => {
    const { store } = setup();
    const s = store.getState();
    s.resetProp('a', 'message');
    s.updateNode('a', { name: 'Audit', timeoutMs: 500, disabled: true });
    s.updateNode('a', { timeoutMs: undefined });
    const node = store.getState().nodes[1]!;
    expect(node.data).toEqual({ type: 'log', name: 'Audit', props: {}, disabled: true });
    expect(node.ariaLabel).toBe('Audit');
  });

  it('makes one undo step of a whole drag, and ignores selection and measuring', () => {
    const { store } = setup();
    const s = store.getState();
    s.onNodesChange([{ type: 'select', id: 'a', selected: true }]);
    s.onNodesChange([{ type: 'dimensions', id: 'a', dimensions: { width: 100, height: 40 } }]);
    expect(store.getState().dirty).toBe(false);
    for (const x of [210, 220, 230])
      s.onNodesChange([{ type: 'position', id: 'a', position: { x, y: 0 }, dragging: true }]);
    s.onNodesChange([{ type: 'position', id: 'a', position: { x: 240, y: 0 }, dragging: false }]);
    expect(store.getState().nodes[1]!.position).toEqual({ x: 240, y: 0 });
    expect(store.getState().past).toHaveLength(1);
    store.getState().undo();
    expect(store.getState().nodes[1]!.position).toEqual({ x: 200, y: 0 });
  });

  it('deletes a node and its edges as one undo step', () => {
    const { store } = setup();
    store.getState().onNodesChange([{ type: 'remove', id: 'a' }]);
    store.getState().onEdgesChange([{ type: 'remove', id: 'e1' }]);
    expect(store.getState().nodes).toHaveLength(1);
    store.getState().undo();
    expect(store.getState().nodes).toHaveLength(2);
    expect(store.getState().edges).toHaveLength(1);
  });

  it('stays dirty when edited while a save was on its way', () => {
    const { store } = setup();
    store.getState().updateProps('a', { message: 'x' });
    const revision = store.getState().revision;
    const saved = { ...selectWorkflow(store.getState()), version: 4 };
    store.getState().markSaved(saved, revision);
    expect(store.getState()).toMatchObject({ dirty: false, meta: { version: 4 } });
    const before = store.getState().revision;
    store.getState().updateProps('a', { message: 'y' });
    store.getState().markSaved(saved, before);
    expect(store.getState().dirty).toBe(true);
  });

  it('edits the name and settings as unsaved changes that go out with the next save', () => {
    const { store } = setup();
    store.getState().updateMeta({ name: 'Renamed', settings: { concurrency: 'skip' } });
    expect(store.getState().dirty).toBe(true);
    expect(selectWorkflow(store.getState())).toMatchObject({
      name: 'Renamed',
      settings: { concurrency: 'skip' },
    });
    // A save that left before the edit does not undo it when it comes back.
    const stale = { ...selectWorkflow(store.getState()), name: 'Old', version: 9 };
    store.getState().markSaved(stale, store.getState().revision - 1);
    expect(store.getState()).toMatchObject({ dirty: true, meta: { name: 'Renamed', version: 9 } });
  });
});

describe('run status', () => {
  it('keeps statuses apart from the nodes, which are not rebuilt by events', () => {
    const { store } = setup();
    const nodes = store.getState().nodes;
    store.getState().followExecution('x1');
    store.getState().applyRunBatch([
      started(1),
      {
        ...base,
        seq: 2,
        type: 'node_started',
        nodeId: 't',
        nodeType: 'manual-trigger',
        attempt: 1,
      },
      {
        ...base,
        seq: 3,
        type: 'node_completed',
        nodeId: 't',
        attempt: 1,
        durationMs: 4,
        ports: ['out'],
        preview: '{"a":1}',
      },
      { ...base, seq: 4, type: 'node_started', nodeId: 'a', nodeType: 'log', attempt: 1 },
      {
        ...base,
        seq: 5,
        type: 'node_failed',
        nodeId: 'a',
        attempt: 1,
        durationMs: 9,
        error: { code: 'BOOM', message: 'it broke' },
      },
    ]);
    const s = store.getState();
    expect(s.nodes).toBe(nodes);
    expect(s.status).toEqual({ t: 'succeeded', a: 'failed' });
    expect(s.results.t).toEqual({ attempt: 1, durationMs: 4, preview: '{"a":1}' });
    expect(s.results.a?.error?.message).toBe('it broke');
    expect(s.run).toMatchObject({ executionId: 'x1', status: 'running', seq: 5 });
    expect(s.run?.events).toHaveLength(5);
  });

  it('drops repeated events, takes a snapshot, and follows a new run only once this one ends', () => {
    const { store } = setup();
    const s = store.getState();
    s.applyRunBatch([
      {
        type: 'snapshot',
        executionId: 'x1',
        workflowId: 'wf_test',
        seq: 7,
        status: 'running',
        nodes: { t: { status: 'succeeded', durationMs: 2 }, a: { status: 'running' } },
      },
    ]);
    expect(store.getState().status).toEqual({ t: 'succeeded', a: 'running' });
    s.applyRunBatch([started(1)]);
    const before = store.getState();
    s.applyRunBatch([started(1), started(1, 'x2')]);
    expect(store.getState()).toBe(before);
    expect(before.run?.events).toHaveLength(1);
    s.applyRunBatch([
      { ...base, seq: 8, type: 'execution_completed', durationMs: 20 },
      started(1, 'x2'),
    ]);
    expect(store.getState().run).toMatchObject({ executionId: 'x2', status: 'running', seq: 1 });
    expect(store.getState().status).toEqual({});
  });

  it('a run a snapshot caught queued is running once a node of it runs or its start shows up', () => {
    const { store } = setup();
    const queued = {
      type: 'snapshot' as const,
      executionId: 'x1',
      workflowId: 'wf_test',
      seq: 2,
      status: 'queued' as const,
      nodes: {},
    };
    store.getState().followExecution('x1');
    store.getState().applyRunBatch([queued]);
    expect(store.getState().run?.status).toBe('queued');
    store.getState().applyRunBatch([started(1)]);
    expect(store.getState().run).toMatchObject({ status: 'running', seq: 2 });
    expect(store.getState().run?.events).toHaveLength(1);

    const other = setup().store;
    other.getState().followExecution('x1');
    other.getState().applyRunBatch([
      queued,
      {
        ...base,
        seq: 3,
        type: 'node_started',
        nodeId: 't',
        nodeType: 'manual-trigger',
        attempt: 1,
      },
    ]);
    expect(other.getState().run?.status).toBe('running');
  });

  it('still lists events older than a snapshot that came first, with their previews', () => {
    const { store } = setup();
    store.getState().followExecution('x1');
    store.getState().applyRunBatch([
      {
        type: 'snapshot',
        executionId: 'x1',
        workflowId: 'wf_test',
        seq: 3,
        status: 'succeeded',
        nodes: { t: { status: 'succeeded', durationMs: 4 } },
      },
    ]);
    store.getState().applyRunBatch([
      started(1),
      {
        ...base,
        seq: 2,
        type: 'node_completed',
        nodeId: 't',
        attempt: 1,
        durationMs: 4,
        ports: ['out'],
        preview: '7',
      },
      { ...base, seq: 3, type: 'execution_completed', durationMs: 5 },
    ]);
    const s = store.getState();
    expect(s.run?.events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(s.run?.status).toBe('succeeded');
    expect(s.results.t).toMatchObject({ durationMs: 4, preview: '7' });
  });
});
