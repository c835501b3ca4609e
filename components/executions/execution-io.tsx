'use client';
/** What the execution was started with (its trigger input) and what it produced, folded. */
import { downloadText } from '@/lib/format';
import { useTRPCClient } from '@/lib/trpc/client';
import { JsonViewer } from './json-viewer';

export function ExecutionIo({
  id,
  input,
  output,
}: {
  id: string;
  input: unknown;
  output: unknown;
}) {
  const client = useTRPCClient();
  const download = (field: 'input' | 'output') => async () => {
    const full = await client.executions.payload.query({ id, field });
    downloadText(`${id}-${field}.json`, JSON.stringify(full, null, 2));
  };
  return (
    <div className="grid gap-3 md:grid-cols-2">
      {(
        [
          ['Execution input', input, 'input'],
          ['Execution output', output, 'output'],
        ] as const
      ).map(([title, value, field]) => (
        <details key={field} className="rounded-xl border border-slate-800 bg-slate-900/40 p-3">
          <summary className="cursor-pointer text-sm font-medium text-slate-300 select-none hover:text-slate-50">
            {title}
            {(value === null || value === undefined) && (
              <span className="ml-2 font-normal text-slate-500">none</span>
            )}
          </summary>
          {value !== null && value !== undefined && (
            <div className="mt-2">
              <JsonViewer value={value} onDownload={() => void download(field)()} />
            </div>
          )}
        </details>
      ))}
    </div>
  );
}
