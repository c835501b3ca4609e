import { describe, expect, it } from 'vitest';
import { replayState, type RecordedRun } from './replay-state';

const run = (p: Partial<RecordedRun> & Pick<RecordedRun, 'nodeId'>): RecordedRun => ({
  attempt: 1,
  status: 'succeeded',
  outputs: null,
  error: null,
  durationMs: 5,
  ...p,
});

describe('replayState', () => {
  it('takes each node from its last attempt, whatever the order the runs come in', () => {
    const { status, results } = replayState([
      run({ nodeId: 'fetch', attempt: 2, status: 'succeeded', outputs: { out: { price: 3 } } }),
      run({ nodeId: 'fetch', attempt: 1, status: 'failed', error: { code: 'E', message: 'boom' } }),
      run({ nodeId: 'check', status: 'failed', error: { code: 'SCRIPT', message: 'too high' } }),
    ]);
    expect(status).toEqual({ fetch: 'succeeded', check: 'failed' });
    expect(results.fetch).toEqual({
      attempt: 2,
      durationMs: 5,
      preview: '{"out":{"price":3}}',
      error: undefined,
    });
    expect(results.check?.error).toEqual({ code: 'SCRIPT', message: 'too high' });
  });

  it('shortens long outputs to a preview and leaves nodes that never ran out', () => {
    const { status, results } = replayState([
      run({ nodeId: 'big', outputs: { out: 'x'.repeat(1_000) } }),
    ]);
    expect(Object.keys(status)).toEqual(['big']);
    expect(results.big?.preview).toHaveLength(200);
    expect(results.big?.preview?.endsWith('…')).toBe(true);
  });
});
