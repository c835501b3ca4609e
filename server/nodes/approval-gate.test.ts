import { describe, expect, it } from 'vitest';
import type { Resumption } from './define-node';
import { propIssues } from '../testing/prop-issues';
import { runNodeForTest } from '../testing/run-node';
import approvalGate from './approval-gate';

const order = { symbol: 'ETH-USD', side: 'buy', size: 2 };
const resume = (resumed: Resumption) =>
  runNodeForTest(approvalGate, { inputs: { in: order }, resumed });

describe('approval-gate', () => {
  it('asks to wait for an approval, with its title, summary, input and time limit', async () => {
    const { outputs, waiting } = await runNodeForTest(approvalGate, {
      inputs: { in: order },
      props: { title: 'Place this order?', summary: 'Size above the usual', timeoutMs: 60_000 },
    });
    expect(outputs).toEqual({});
    expect(waiting).toEqual({
      kind: 'approval',
      details: { title: 'Place this order?', summary: 'Size above the usual', input: order },
      timeoutMs: 60_000,
    });
  });

  it('waits 15 minutes by default', async () => {
    const { waiting } = await runNodeForTest(approvalGate, { inputs: { in: 1 } });
    expect(waiting).toMatchObject({
      kind: 'approval',
      timeoutMs: 900_000,
      details: { title: 'Approval required' },
    });
  });

  it('sends the input to "approved" once approved', async () => {
    expect((await resume({ kind: 'approval', decision: 'approved', by: 'ana' })).outputs).toEqual({
      approved: order,
    });
  });

  it('sends the input, decision, approver and comment to "rejected" once rejected', async () => {
    const { outputs } = await resume({
      kind: 'approval',
      decision: 'rejected',
      by: 'bo',
      comment: 'too big',
    });
    expect(outputs).toEqual({
      rejected: { input: order, decision: 'rejected', by: 'bo', comment: 'too big' },
    });
  });

  it('sends a timeout to "rejected"', async () => {
    const { outputs } = await resume({ kind: 'approval', decision: 'timed_out', by: 'system' });
    expect(outputs).toEqual({ rejected: { input: order, decision: 'timed_out', by: 'system' } });
  });

  it('fails when resumed by a timer', async () => {
    await expect(resume({ kind: 'timer' })).rejects.toThrow(
      'approval-gate: resumed by "timer", expected an approval decision',
    );
  });

  it('refuses time limits under a second or over 7 days, and an empty title', () => {
    expect(propIssues(approvalGate, { timeoutMs: 999 })).toEqual(['timeoutMs: must be ≥ 1000']);
    expect(propIssues(approvalGate, { timeoutMs: 604_800_001 })).toEqual([
      'timeoutMs: must be ≤ 604800000',
    ]);
    expect(propIssues(approvalGate, { title: '  ' })).toEqual([
      'title: must be at least 1 character long',
    ]);
    expect(propIssues(approvalGate, { summary: 'x'.repeat(2_001) })).toEqual([
      'summary: must be at most 2000 characters long',
    ]);
  });

  it('has no side effects of its own', () => {
    expect(approvalGate.sideEffects).toBe(false);
  });
});
