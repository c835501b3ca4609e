/** The history views' shapes, as the `executions` router sends them (types only). */
import type { RouterOutputs } from '@/lib/trpc/client';

export type ExecutionSummary = RouterOutputs['executions']['list']['items'][number];
export type ExecutionDetail = RouterOutputs['executions']['get'];
export type NodeRun = ExecutionDetail['nodeRuns'][number];
export type LogLine = RouterOutputs['executions']['logs']['lines'][number];
export type LiveProp = ExecutionDetail['liveProps'][number];

/** What the server sends in place of a JSON value over 64 KB. */
export type TruncatedPayload = { __truncated: true; bytes: number; preview: string };

export function isTruncated(value: unknown): value is TruncatedPayload {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { __truncated?: unknown }).__truncated === true
  );
}
