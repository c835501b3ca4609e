'use client';
/**
 * A collapsible JSON tree: objects and arrays fold with a real button (aria-expanded), the
 * first levels open. A truncated payload (over 64 KB, sent as a preview) shows its size, the
 * preview, and a Download of the whole value.
 */
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { isTruncated } from './types';

const OPEN_DEPTH = 2;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function JsonViewer({
  value,
  onDownload,
}: {
  value: unknown;
  /** Fetches and saves the whole value (for a truncated payload). */
  onDownload?: () => void;
}) {
  if (isTruncated(value)) {
    return (
      <div className="space-y-2">
        <div className="flex flex-wrap items-center gap-3 text-xs text-amber-200">
          <span>Large payload: {formatBytes(value.bytes)}. The start of it is shown below.</span>
          {onDownload && (
            <Button size="sm" onClick={onDownload}>
              Download ({formatBytes(value.bytes)})
            </Button>
          )}
        </div>
        <pre className="max-h-64 overflow-auto rounded-md bg-slate-950 p-3 font-mono text-xs break-all whitespace-pre-wrap text-slate-300">
          {value.preview}…
        </pre>
      </div>
    );
  }
  return (
    <div className="max-h-96 overflow-auto rounded-md bg-slate-950 p-3 font-mono text-xs leading-relaxed">
      <JsonNode value={value} depth={0} />
    </div>
  );
}

function JsonNode({ value, depth, name }: { value: unknown; depth: number; name?: string }) {
  const isContainer = typeof value === 'object' && value !== null;
  const [isOpen, setOpen] = useState(depth < OPEN_DEPTH);
  const key = name !== undefined && <span className="text-sky-300">{name}: </span>;
  if (!isContainer)
    return (
      <div>
        {key}
        <Primitive value={value} />
      </div>
    );
  const entries = Array.isArray(value)
    ? value.map((v, i) => [String(i), v] as const)
    : Object.entries(value as Record<string, unknown>);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  const size = `${entries.length} ${Array.isArray(value) ? 'item' : 'key'}${entries.length === 1 ? '' : 's'}`;
  if (entries.length === 0)
    return (
      <div>
        {key}
        <span className="text-slate-400">{open + close}</span>
      </div>
    );
  return (
    <div>
      <button
        type="button"
        aria-expanded={isOpen}
        onClick={() => setOpen(!isOpen)}
        className="-ml-1 rounded px-1 text-left hover:bg-slate-800"
      >
        <span aria-hidden className="inline-block w-3 text-slate-500">
          {isOpen ? '▾' : '▸'}
        </span>
        {key}
        <span className="text-slate-400">{isOpen ? open : `${open}…${close}`}</span>
        {!isOpen && <span className="ml-1.5 text-slate-500">{size}</span>}
      </button>
      {isOpen && (
        <>
          <div className="ml-2 border-l border-slate-800 pl-3">
            {entries.map(([k, v]) => (
              <JsonNode key={k} name={k} value={v} depth={depth + 1} />
            ))}
          </div>
          <span className="text-slate-400">{close}</span>
        </>
      )}
    </div>
  );
}

function Primitive({ value }: { value: unknown }) {
  if (typeof value === 'string')
    return (
      <span className="break-all whitespace-pre-wrap text-emerald-300">
        {JSON.stringify(value)}
      </span>
    );
  if (typeof value === 'number') return <span className="text-amber-300">{String(value)}</span>;
  if (typeof value === 'boolean') return <span className="text-violet-300">{String(value)}</span>;
  if (value === undefined) return <span className="text-slate-500 italic">none</span>;
  return <span className="text-slate-500">null</span>;
}
