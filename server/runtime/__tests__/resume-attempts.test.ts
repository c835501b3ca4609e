/**
 * Resuming an execution whose node had failed and was waiting for its retry when the process
 * stopped: the retry is the next attempt, and once it has succeeded, a later resume reuses it.
 */
import { describe, expect, it } from 'vitest';
import type { Workflow } from '@/lib/workflow';
import type { NodeRunRecord } from '../checkpoint';
import { createMemoryExecutor } from '../../testing/memory-executor';
import { testExecutionRecord } from '../../testing/records';
import { edge, node } from '../../testing/runtime';
import { effectLog } from '../../testing/test-nodes';

const workflow: Workflow = {
  id: 'wf_resume',
  name: 'Resume attempts',
  description: '',
  version: 1,
  settings: {},
  nodes: [
    node('src', 'test-source', { value: 7 }),
    node(
      'post',
      'test-effect',
      { log: 'resume-attempts' },
      {
        retry: { maxAttempts: 5, backoffMs: 10_000, factor: 2, maxBackoffMs: 60_000 },
      },
    ),
  ],
  edges: [edge('src', 'post')],
} as Workflow;

const at = new Date('2026-12-07T10:00:00Z');
const nodeRun = (
  nodeId: string,
  attempt: number,
  status: 'succeeded' | 'failed',
): NodeRunRecord => ({
  executionId: 'ex_resume',
  nodeId,
  nodeType: nodeId === 'src' ? 'test-source' : 'test-effect',
  attempt,
  status,
  inputs: nodeId === 'src' ? {} : { in: 7 },
  outputs: status === 'succeeded' ? { out: 7 } : null,
  error:
    status === 'failed'
      ? { code: 'TARGET_DOWN', message: 'target is down', retryable: true }
      : null,
  wait: null,
  startedAt: at,
  finishedAt: at,
  durationMs: 1,
});

describe('resume after a failed attempt', () => {
  it('runs the retry as the next attempt, and a second resume does not run the finished node again', async () => {
    effectLog.delete('resume-attempts');
    const record = testExecutionRecord('ex_resume', {
      workflowId: workflow.id,
      status: 'running',
      nodesSucceeded: 1,
      owner: 'dead-process',
      startedAt: at,
      lastSeq: 5,
    });
    // The process stopped in the backoff after the second failed attempt of the side effect.
    const recorded = [
      nodeRun('src', 1, 'succeeded'),
      nodeRun('post', 1, 'failed'),
      nodeRun('post', 2, 'failed'),
    ];

    const first = createMemoryExecutor();
    const done = await first.executor.resume(record, recorded, workflow, 'test: crash').done;
    expect(done.error).toBeNull();
    expect(done.status).toBe('succeeded');
    expect(effectLog.get('resume-attempts')).toEqual([7]);
    await first.writer.flush();
    const afterFirst = (await first.store.load('ex_resume'))!.nodeRuns;
    const post = afterFirst.filter((r) => r.nodeId === 'post');
    expect(post.map((r) => `${r.attempt}:${r.status}`)).toEqual(['3:succeeded']);

    // Another crash before the execution's own record said succeeded: resumed again from all
    // its node runs, the side effect that succeeded is reused, not run a second time.
    const second = createMemoryExecutor();
    const again = await second.executor.resume(
      record,
      [...recorded, ...afterFirst],
      workflow,
      'test: second crash',
    ).done;
    expect(again.status).toBe('succeeded');
    expect(effectLog.get('resume-attempts')).toEqual([7]);
  });
});
