'use client';
/**
 * A node drawn zoomed out (see zoom-detail.ts): its status ring, category colour and name, and
 * its handles exactly where the full view has them, at exactly the full view's height, so edges
 * stay put and React Flow finds nothing to re-measure when the zoom crosses over.
 */
import { Handle, Position } from '@xyflow/react';
import { FIRST_HANDLE_CENTRE, entryOf, nodeHeight } from './convert';
import { categoryStyle, statusStyle } from './node-style';
import { useEditorStore, useEditorStoreApi } from './store-provider';
import type { EditorNodeData } from './types';

/** A handle's top within the node's padding box (inside the 2 px border); React Flow centres it. */
const handleTop = (i: number) => FIRST_HANDLE_CENTRE - 2 + i * 20;

export function CompactNodeView({
  id,
  data,
  selected,
}: {
  id: string;
  data: EditorNodeData;
  selected: boolean;
}) {
  // The catalog never changes in a store: read it, no subscription (1,000 nodes, fewer hooks).
  const catalog = useEditorStoreApi().getState().catalog;
  const entry = entryOf(catalog, data.type);
  const height = nodeHeight(catalog, data.type);
  const status = useEditorStore((s) => s.status[id] ?? 'idle');
  const hasSaveIssues = useEditorStore((s) => s.saveIssues[id] !== undefined);
  const overridden = useEditorStore((s) => s.overrides[id] !== undefined);
  const look = categoryStyle(entry?.category);
  return (
    <div
      data-node-id={id}
      data-status={status}
      data-overridden={overridden || undefined}
      data-save-error={hasSaveIssues || undefined}
      data-compact
      style={{ height, background: `color-mix(in srgb, ${look.color} 22%, transparent)` }}
      className={`relative w-56 rounded-lg border-2 px-3 py-2 ${hasSaveIssues ? 'border-red-500' : statusStyle[status].ring} ${
        selected ? 'outline-4 outline-offset-4 outline-sky-300' : ''
      } ${data.disabled ? 'opacity-50' : ''}`}
    >
      <div className="line-clamp-2 text-xl leading-tight font-semibold break-words text-slate-100">
        {data.name}
      </div>
      {Object.keys(entry?.inputs ?? {}).map((name, i) => (
        <Handle
          key={`in:${name}`}
          id={name}
          type="target"
          position={Position.Left}
          style={{ top: handleTop(i) }}
          className="!size-2.5 !border-2 !border-slate-900 !bg-slate-400 light:!border-paper"
        />
      ))}
      {Object.keys(entry?.outputs ?? {}).map((name, i) => (
        <Handle
          key={`out:${name}`}
          id={name}
          type="source"
          position={Position.Right}
          style={{ top: handleTop(i) }}
          className="!size-2.5 !border-2 !border-slate-900 !bg-slate-400 light:!border-paper"
        />
      ))}
    </div>
  );
}
