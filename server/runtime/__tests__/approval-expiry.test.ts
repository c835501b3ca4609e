/**
 * An approval whose time runs out while the database cannot be reached: the process keeps
 * running, and the timeout is tried again until it goes through (the node then takes its
 * rejected port).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Workflow } from '@/lib/workflow';
import type { ApprovalHooks } from '../executor';
import { createMemoryExecutor } from '../../testing/memory-executor';
import { edge, node } from '../../testing/runtime';

const workflow = {
  id: 'wf_expiry',
  name: 'Approval expiry',
  description: '',
  version: 1,
  settings: {},
  nodes: [
    node('src', 'test-source', { value: 'order' }),
    node('gate', 'test-approval', { timeoutMs: 50 }),
  ],
  edges: [edge('src', 'gate')],
} as Workflow;

afterEach(() => {
  vi.useRealTimers();
});

describe('approval timeout', () => {
  it('is tried again when recording it fails, and then rejects the approval', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let tries = 0;
    const approvals: ApprovalHooks = {
      request: () => 'ap_test',
      withdraw: () => {},
      async expire(run, nodeId) {
        tries += 1;
        if (tries === 1) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
        run.resolveWait(nodeId, { kind: 'approval', decision: 'timed_out', by: 'timeout' });
      },
    };
    const { executor } = createMemoryExecutor({ approvals });
    const run = executor.start({ workflow, trigger: 'manual', input: null });
    let finished = false;
    void run.done.then(() => (finished = true));

    await vi.advanceTimersByTimeAsync(100);
    expect(tries).toBe(1);
    expect(finished).toBe(false);

    await vi.advanceTimersByTimeAsync(5_000);
    expect(tries).toBe(2);
    const record = await run.done;
    expect(record.status).toBe('succeeded');
  });
});
