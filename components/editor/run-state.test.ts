import { describe, expect, it } from 'vitest';
import type { RuntimeEvent } from '@/lib/events';
import { emptyRun, foldRunBatch, type RunSlice } from './run-state';

const base = { executionId: 'ex_1', workflowId: 'wf_1', ts: 0 };
let seq = 0;
const ev = (e: Record<string, unknown>) => ({ ...base, seq: ++seq, ...e }) as RuntimeEvent;

function fold(events: RuntimeEvent[]): RunSlice {
  let slice: RunSlice = { run: emptyRun('ex_1'), status: {}, results: {} };
  slice = foldRunBatch(slice, events) ?? slice;
  return slice;
}

describe('foldRunBatch', () => {
  it('shows what still waited or ran as cancelled once the execution is cancelled', () => {
    seq = 0;
    const slice = fold([
      ev({ type: 'execution_started', trigger: 'manual', workflowVersion: 1 }),
      ev({ type: 'node_started', nodeId: 'fetch', nodeType: 'http-request', attempt: 1 }),
      ev({ type: 'node_completed', nodeId: 'fetch', attempt: 1, durationMs: 3, ports: ['out'] }),
      ev({ type: 'node_waiting', nodeId: 'gate', reason: 'approval', until: 1 }),
      ev({ type: 'node_started', nodeId: 'slow', nodeType: 'delay', attempt: 1 }),
      ev({ type: 'execution_cancelled', reason: 'cancelled by alice' }),
    ]);
    expect(slice.run?.status).toBe('cancelled');
    expect(slice.status).toEqual({ fetch: 'succeeded', gate: 'cancelled', slow: 'cancelled' });
  });

  it('leaves a node waiting while its execution waits', () => {
    seq = 0;
    const slice = fold([
      ev({ type: 'execution_started', trigger: 'manual', workflowVersion: 1 }),
      ev({ type: 'node_waiting', nodeId: 'gate', reason: 'approval', until: 1 }),
    ]);
    expect(slice.status).toEqual({ gate: 'waiting' });
  });
});
