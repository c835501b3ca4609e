/** A node's output preview is made for the ones who can read it, and only for them. */
import { describe, expect, it } from 'vitest';
import type { RuntimeEvent } from '@/lib/events';
import type { Workflow } from '@/lib/workflow';
import { createMemoryExecutor } from '../../testing/memory-executor';
import { edge, node } from '../../testing/runtime';
import { createMemoryEventBus } from '../event-bus/memory';

const workflow = {
  id: 'wf_previews',
  name: 'Previews',
  description: '',
  version: 1,
  settings: {},
  nodes: [node('src', 'test-source', { value: { price: 101.5 } }), node('out', 'log')],
  edges: [edge('src', 'out')],
} as Workflow;

const completed = (events: RuntimeEvent[]) =>
  events.filter(
    (e): e is Extract<RuntimeEvent, { type: 'node_completed' }> => e.type === 'node_completed',
  );

describe('node output previews', () => {
  it('are in the events a watcher of the workflow gets', async () => {
    const bus = createMemoryEventBus();
    const { executor } = createMemoryExecutor({ bus });
    const watcher = bus.subscribe({ workflowId: workflow.id });
    await watcher.ready;
    const run = executor.start({ workflow, trigger: 'manual', input: null });
    await run.done;
    const events = await bus.backlog(run.id);
    expect(completed(events).map((e) => e.preview)).toEqual(['{"price":101.5}', '{"price":101.5}']);
    await bus.close();
  });

  it('no one watching, nothing is kept for replay and the run records the same', async () => {
    const bus = createMemoryEventBus();
    const { executor, store } = createMemoryExecutor({ bus });
    const run = executor.start({ workflow, trigger: 'manual', input: null });
    const record = await run.done;
    expect(record.status).toBe('succeeded');
    expect(record.output).toEqual({ price: 101.5 });
    expect(await bus.backlog(run.id)).toEqual([]);
    const checkpoint = await store.load(run.id);
    expect(checkpoint?.nodeRuns.map((r) => r.outputs)).toEqual([
      { out: { price: 101.5 } },
      { out: { price: 101.5 } },
    ]);
    await bus.close();
  });
});
