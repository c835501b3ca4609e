import { describe, expect, it } from 'vitest';
import { propIssues } from '../testing/prop-issues';
import { runNodeForTest } from '../testing/run-node';
import delay, { IN_PROCESS_MAX_MS } from './delay';

describe('delay', () => {
  it('passes the input on after a short sleep', async () => {
    const started = Date.now();
    const { outputs, waiting } = await runNodeForTest(delay, {
      inputs: { in: { a: 1 } },
      props: { ms: 60 },
    });
    expect(outputs).toEqual({ out: { a: 1 } });
    expect(waiting).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('stops sleeping with an abort error when its signal aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(new Error('cancelled by test')), 20);
    const run = runNodeForTest(delay, {
      inputs: { in: 1 },
      props: { ms: IN_PROCESS_MAX_MS },
      signal: controller.signal,
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('asks for a durable timer wait when the delay is long', async () => {
    const before = Date.now();
    const { outputs, waiting } = await runNodeForTest(delay, {
      inputs: { in: 1 },
      props: { ms: 60_000 },
    });
    expect(outputs).toEqual({});
    expect(waiting).toMatchObject({ kind: 'timer' });
    const untilMs = (waiting as { untilMs: number }).untilMs;
    expect(untilMs).toBeGreaterThanOrEqual(before + 60_000);
    expect(untilMs).toBeLessThanOrEqual(Date.now() + 60_000);
  });

  it('passes the input on when resumed after the timer', async () => {
    const { outputs } = await runNodeForTest(delay, {
      inputs: { in: { a: 1 } },
      props: { ms: 60_000 },
      resumed: { kind: 'timer' },
    });
    expect(outputs).toEqual({ out: { a: 1 } });
  });

  it('fails when resumed by something other than its timer', async () => {
    const resumed = { kind: 'approval', decision: 'approved', by: 'x' } as const;
    await expect(runNodeForTest(delay, { props: { ms: 60_000 }, resumed })).rejects.toThrow(
      'delay: resumed by "approval", expected the timer it asked for',
    );
  });

  it('passes null on when no input arrived, and 0 ms does not wait', async () => {
    expect((await runNodeForTest(delay, { props: { ms: 0 } })).outputs).toEqual({ out: null });
  });

  it('refuses negative, fractional and over-a-week delays', () => {
    expect(propIssues(delay, { ms: -1 })).toEqual(['ms: must be ≥ 0']);
    expect(propIssues(delay, { ms: 1.5 })).toEqual(['ms: expected int, received number']);
    expect(propIssues(delay, { ms: 604_800_001 })).toEqual(['ms: must be ≤ 604800000']);
  });
});
