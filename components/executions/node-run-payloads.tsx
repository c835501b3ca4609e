'use client';
/**
 * A node run's error, input and output, each in a collapsible section; an error opens by default,
 * the input too when the run failed (what made it fail), the output when it succeeded.
 */
import { downloadText } from '@/lib/format';
import { useTRPCClient } from '@/lib/trpc/client';
import { JsonViewer } from './json-viewer';
import type { NodeRun } from './types';

export function NodeRunPayloads({ executionId, run }: { executionId: string; run: NodeRun }) {
  return (
    <>
      {run.error != null && (
        <Payload title="Error" open executionId={executionId} run={run} field="error" />
      )}
      <Payload
        title="Input"
        open={run.status === 'failed'}
        executionId={executionId}
        run={run}
        field="inputs"
      />
      <Payload
        title="Output"
        open={run.status === 'succeeded'}
        executionId={executionId}
        run={run}
        field="outputs"
      />
    </>
  );
}

function Payload({
  title,
  open,
  executionId,
  run,
  field,
}: {
  title: string;
  open: boolean;
  executionId: string;
  run: NodeRun;
  field: 'inputs' | 'outputs' | 'error';
}) {
  const client = useTRPCClient();
  const value = run[field];
  const download = async () => {
    const full = await client.executions.payload.query({
      id: executionId,
      nodeRunId: run.id,
      field,
    });
    downloadText(
      `${executionId}-${run.nodeId}-${run.attempt}-${field}.json`,
      JSON.stringify(full, null, 2),
    );
  };
  return (
    <details open={open} className="group">
      <summary className="cursor-pointer text-sm font-medium text-slate-300 select-none hover:text-slate-50">
        {title}
        {(value === null || value === undefined) && (
          <span className="ml-2 font-normal text-slate-500">none</span>
        )}
      </summary>
      {value !== null && value !== undefined && (
        <div className="mt-2">
          {field === 'error' && isErrorInfo(value) ? (
            <div role="note" className="rounded-md border border-red-900 bg-red-950/60 p-3 text-sm">
              <p className="font-mono text-xs text-red-300">{value.code}</p>
              <p className="mt-1 whitespace-pre-wrap text-red-100">{value.message}</p>
            </div>
          ) : (
            <JsonViewer value={value} onDownload={() => void download()} />
          )}
        </div>
      )}
    </details>
  );
}

function isErrorInfo(v: unknown): v is { code: string; message: string } {
  return typeof v === 'object' && v !== null && 'message' in v && 'code' in v;
}
