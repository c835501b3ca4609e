/**
 * Checkpoint records for tests that write, load or resume them directly: a manual run of
 * workflow `wf` that succeeded, unless `more` says otherwise.
 */
import type { ExecutionRecord } from '../runtime/checkpoint';

export function testExecutionRecord(
  id: string,
  more: Partial<ExecutionRecord> = {},
): ExecutionRecord {
  return {
    id,
    workflowId: 'wf',
    workflowVersion: 1,
    status: 'succeeded',
    triggerKind: 'manual',
    triggerNodeId: null,
    input: null,
    output: null,
    error: null,
    rerunOf: null,
    nodesSucceeded: 0,
    nodesFailed: 0,
    owner: null,
    startedAt: new Date(0),
    finishedAt: null,
    lastSeq: 1,
    ...more,
  };
}
