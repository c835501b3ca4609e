'use client';
/** The log lines of one execution (its correlation id), and the live props that were in force. */
import type { Workflow } from '@/lib/workflow';
import type { LiveProp, LogLine } from './types';

const levelClass: Record<string, string> = {
  error: 'text-red-300',
  fatal: 'text-red-300',
  warn: 'text-amber-300',
  info: 'text-sky-300',
  debug: 'text-slate-400',
  trace: 'text-slate-500',
};

function clock(ts: Date | string) {
  return new Date(ts).toLocaleTimeString('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    fractionalSecondDigits: 3,
    hour12: false,
  });
}

export function ExecutionLogs({
  lines,
  workflow,
  isLoading,
  error,
}: {
  lines: LogLine[] | undefined;
  workflow: Workflow;
  isLoading: boolean;
  error?: string;
}) {
  const names = new Map(workflow.nodes.map((n) => [n.id, n.name]));
  return (
    <section aria-labelledby="logs-heading" className="space-y-2">
      <h2 id="logs-heading" className="text-lg font-semibold">
        Logs
      </h2>
      {error && (
        <p role="alert" className="text-sm text-red-300">
          Could not load the logs: {error}
        </p>
      )}
      {isLoading && <p className="text-sm text-slate-400">Loading logs…</p>}
      {lines && lines.length === 0 && (
        <p className="rounded-lg border border-dashed border-slate-700 p-4 text-sm text-slate-400">
          This execution wrote no log lines.
        </p>
      )}
      {lines && lines.length > 0 && (
        <ol
          aria-label="Log lines"
          className="max-h-96 overflow-auto rounded-xl border border-slate-800 bg-slate-950 p-3 font-mono text-xs leading-relaxed"
        >
          {lines.map((l, i) => (
            <li key={i} className="flex gap-3">
              <span className="shrink-0 text-slate-500 tabular-nums">{clock(l.ts)}</span>
              <span
                className={`w-10 shrink-0 uppercase ${levelClass[l.level] ?? 'text-slate-400'}`}
              >
                {l.level}
              </span>
              {l.nodeId && (
                <span className="shrink-0 text-violet-300">{names.get(l.nodeId) ?? l.nodeId}</span>
              )}
              <span className="break-all whitespace-pre-wrap text-slate-200">
                {l.msg}
                {'data' in l && l.data !== undefined && (
                  <span className="text-slate-500"> {clip(JSON.stringify(l.data))}</span>
                )}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export function LivePropsTable({ changes, workflow }: { changes: LiveProp[]; workflow: Workflow }) {
  const names = new Map(workflow.nodes.map((n) => [n.id, n.name]));
  return (
    <section aria-labelledby="live-props-heading" className="space-y-2">
      <h2 id="live-props-heading" className="text-lg font-semibold">
        Live props
      </h2>
      {changes.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-700 p-4 text-sm text-slate-400">
          No live property override was in force: every node ran with its saved props.
        </p>
      ) : (
        <table className="w-full text-left text-sm">
          <caption className="sr-only">
            Live property overrides in force during this execution
          </caption>
          <thead className="border-b border-slate-800 text-xs tracking-wide text-slate-400 uppercase">
            <tr>
              <th scope="col" className="py-2 pr-4 font-medium">
                Node
              </th>
              <th scope="col" className="py-2 pr-4 font-medium">
                Property
              </th>
              <th scope="col" className="py-2 pr-4 font-medium">
                Value
              </th>
              <th scope="col" className="py-2 pr-4 font-medium">
                Was
              </th>
              <th scope="col" className="py-2 font-medium">
                By, when
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-800/80">
            {changes.map((c, i) => (
              <tr key={i}>
                <td className="py-2 pr-4">{names.get(c.nodeId) ?? c.nodeId}</td>
                <td className="py-2 pr-4 font-mono text-xs">{c.field}</td>
                <td className="py-2 pr-4 font-mono text-xs text-sky-200">{show(c.value)}</td>
                <td className="py-2 pr-4 font-mono text-xs text-slate-400">{show(c.previous)}</td>
                <td className="py-2 text-xs text-slate-400">
                  {c.by} · {clock(c.at)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

const DATA_CHARS = 240;

/** A log line's data, cut short: the whole of a large one is in the node run's payloads. */
function clip(json: string) {
  return json.length > DATA_CHARS ? `${json.slice(0, DATA_CHARS)}…` : json;
}

function show(v: unknown) {
  return v === undefined ? '—' : JSON.stringify(v);
}
