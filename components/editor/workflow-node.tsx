'use client';
/**
 * The one node component of the canvas, drawn from catalog data: the type's icon and title, a
 * labelled handle per typed port, the run status as a coloured ring (`data-status`), and the
 * duration and a preview of the last result; zoomed out, the compact view (compact-node.tsx).
 * Memoized: it re-renders only when its own node, status or result changes, or the zoom crosses
 * into or out of the compact view, never because another node moved.
 */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo, useContext } from 'react';
import { CompactNodeView } from './compact-node';
import { ConnectContext } from './connect-context';
import { entryOf } from './convert';
import { categoryStyle, formatDuration, statusStyle } from './node-style';
import { ReplayContext } from './replay-context';
import { useEditorStore } from './store-provider';
import type { EditorNode, EditorNodeData, PortType } from './types';
import { CompactContext } from './zoom-detail';

declare global {
  interface Window {
    /** Set by bench/editor.bench.ts to count renders per node id; unset, nothing is counted. */
    __flowdeckRenders?: Record<string, number>;
  }
}

function countRender(nodeId: string) {
  const counts = typeof window === 'undefined' ? undefined : window.__flowdeckRenders;
  if (counts) counts[nodeId] = (counts[nodeId] ?? 0) + 1;
}

function PortRow({ name, type, side }: { name: string; type: PortType; side: 'input' | 'output' }) {
  const isInput = side === 'input';
  return (
    <div className={`relative flex h-5 items-center ${isInput ? 'pl-2.5' : 'justify-end pr-2.5'}`}>
      <Handle
        id={name}
        type={isInput ? 'target' : 'source'}
        position={isInput ? Position.Left : Position.Right}
        title={`${side} “${name}” (${type})`}
        className="!size-2.5 !border-2 !border-slate-900 !bg-slate-400 light:!border-paper hover:!bg-sky-400"
      />
      <span className="truncate text-[11px] text-slate-300">
        {name}
        <span className="ml-1 text-slate-500">{type}</span>
      </span>
    </div>
  );
}

function WorkflowNodeView({ id, data, selected, isConnectable }: NodeProps<EditorNode>) {
  countRender(id);
  return useContext(CompactContext) ? (
    <CompactNodeView id={id} data={data} selected={selected} />
  ) : (
    <FullNodeView id={id} data={data} selected={selected} isConnectable={isConnectable} />
  );
}

/** "Connect…" on the selected node: the keyboard connect dialog (also the C key). */
function ConnectButton({ nodeId }: { nodeId: string }) {
  const connect = useContext(ConnectContext);
  if (!connect) return null;
  return (
    <button
      type="button"
      onClick={() => connect(nodeId)}
      // Enter and Space here are the button's, not the node's (React Flow selects on them).
      onKeyDown={(e) => e.stopPropagation()}
      aria-keyshortcuts="C"
      title="Connect an output of this node to another node’s input, from a list (C)"
      className="nodrag nopan absolute right-0 bottom-full mb-2 rounded border border-slate-600 bg-slate-900 px-1.5 text-[10px] leading-4 light:bg-paper text-slate-200 hover:border-sky-400 hover:text-sky-200 focus-visible:outline-2 focus-visible:outline-sky-400"
    >
      Connect…
    </button>
  );
}

function FullNodeView({
  id,
  data,
  selected,
  isConnectable,
}: {
  id: string;
  data: EditorNodeData;
  selected: boolean;
  isConnectable: boolean;
}) {
  const entry = useEditorStore((s) => entryOf(s.catalog, data.type));
  const status = useEditorStore((s) => s.status[id] ?? 'idle');
  const result = useEditorStore((s) => s.results[id]);
  const overridden = useEditorStore((s) => Object.keys(s.overrides[id] ?? {}).length);
  const saveIssues = useEditorStore((s) => s.saveIssues[id]);
  const issuesFrom = useEditorStore((s) => s.issuesFrom);
  // In a replay, a node the execution never reached says so instead of looking merely idle.
  const isNotRun = useContext(ReplayContext) && status === 'idle';
  const look = categoryStyle(entry?.category);
  const ring = statusStyle[status];
  const inputs = Object.entries(entry?.inputs ?? {});
  const outputs = Object.entries(entry?.outputs ?? {});
  return (
    <div
      data-node-id={id}
      data-status={status}
      data-overridden={overridden > 0 || undefined}
      data-save-error={saveIssues ? true : undefined}
      className={`relative w-56 rounded-lg border-2 bg-slate-900 text-left shadow-lg shadow-black/30 light:bg-paper light:shadow-ink/10 ${saveIssues ? 'border-red-500' : ring.ring} ${
        selected ? 'outline-2 outline-offset-2 outline-sky-300' : ''
      } ${data.disabled || isNotRun ? 'opacity-50' : ''}`}
    >
      {/* Above the node, so that the name it would squeeze stays readable. */}
      {selected && isConnectable && outputs.length > 0 && <ConnectButton nodeId={id} />}
      <div className="flex items-center gap-2 border-b border-slate-800 px-2.5 py-1.5">
        <span
          aria-hidden
          className={`grid size-6 shrink-0 place-items-center rounded text-[11px] font-bold ${look.badge}`}
        >
          {look.glyph}
        </span>
        <div className="min-w-0 flex-1">
          <div className="truncate text-[13px] leading-tight font-medium text-slate-100">
            {data.name}
          </div>
          <div className="truncate text-[10px] leading-tight text-slate-500">
            {entry?.title ?? `Unknown type ${data.type}`}
            {data.disabled && ' · disabled'}
            {overridden > 0 && (
              <span className="text-sky-300">
                {' '}
                · {overridden} live override{overridden === 1 ? '' : 's'}
              </span>
            )}
          </div>
        </div>
        {isNotRun && <span className="shrink-0 text-[10px] text-slate-500">Not run</span>}
        {status !== 'idle' && (
          <span className={`shrink-0 text-[10px] font-medium ${ring.text}`}>
            {status === 'running' && (
              <span
                aria-hidden
                className="mr-1 inline-block size-1.5 animate-pulse rounded-full bg-sky-400"
              />
            )}
            {ring.label}
          </span>
        )}
      </div>
      {(inputs.length > 0 || outputs.length > 0) && (
        <div className="grid grid-cols-2 gap-x-1 py-1">
          <div>
            {inputs.map(([name, type]) => (
              <PortRow key={name} name={name} type={type} side="input" />
            ))}
          </div>
          <div>
            {outputs.map(([name, type]) => (
              <PortRow key={name} name={name} type={type} side="output" />
            ))}
          </div>
        </div>
      )}
      {saveIssues && (
        <p
          role="note"
          className="border-t border-red-900 bg-red-950/60 px-2.5 py-1 text-[10px] leading-snug text-red-200"
          title={saveIssues.join('\n')}
        >
          <span className="font-semibold">
            {issuesFrom === 'run' ? 'Cannot run:' : 'Not saved:'}
          </span>{' '}
          {saveIssues[0]}
          {saveIssues.length > 1 && ` (+${saveIssues.length - 1} more)`}
        </p>
      )}
      {result && (result.durationMs !== undefined || result.preview || result.error) && (
        <div className="border-t border-slate-800 px-2.5 py-1 font-mono text-[10px] leading-snug">
          {result.durationMs !== undefined && (
            <span className="text-slate-400">{formatDuration(result.durationMs)}</span>
          )}
          {result.error ? (
            <p
              role="note"
              className="line-clamp-3 break-words text-red-300"
              title={result.error.message}
            >
              {result.error.message}
            </p>
          ) : (
            result.preview && (
              <p className="line-clamp-2 break-all text-slate-300" title={result.preview}>
                {result.preview}
              </p>
            )
          )}
        </div>
      )}
    </div>
  );
}

/**
 * What the view draws depends on these props only: React Flow's others (position, size, drag
 * state) change on every measure and drag frame, and the wrapper already moves the node.
 */
function drawsTheSame(a: NodeProps<EditorNode>, b: NodeProps<EditorNode>) {
  return (
    a.id === b.id &&
    a.data === b.data &&
    a.selected === b.selected &&
    a.isConnectable === b.isConnectable
  );
}

export const WorkflowNode = memo(WorkflowNodeView, drawsTheSame);
