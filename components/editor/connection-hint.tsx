'use client';
/**
 * Says why a connection cannot be made: live while the user drags over a port that refuses it,
 * and for a few seconds after a refused drop. Rendered inside <ReactFlow> (it reads the ongoing
 * connection from React Flow's store).
 */
import { useConnection } from '@xyflow/react';
import { connectionRefusal } from './connection-rules';
import { useEditorStoreApi } from './store-provider';

export function ConnectionHint({ refusal }: { refusal: string | null }) {
  const store = useEditorStoreApi();
  const live = useConnection((c) => {
    if (!c.inProgress || !c.toHandle || !c.toNode || c.isValid !== false) return null;
    const fromSource = c.fromHandle.type === 'source';
    const [from, to] = fromSource ? [c.fromHandle, c.toHandle] : [c.toHandle, c.fromHandle];
    return connectionRefusal(
      {
        source: from.nodeId,
        sourceHandle: from.id ?? null,
        target: to.nodeId,
        targetHandle: to.id ?? null,
      },
      store.getState(),
      store.getState().catalog,
    );
  });
  const message = live ?? refusal;
  return (
    <div
      role="status"
      aria-live="polite"
      className="pointer-events-none absolute top-3 left-1/2 z-10 -translate-x-1/2"
    >
      {message && (
        <p className="rounded-md border border-red-700 bg-red-950/95 px-3 py-1.5 text-sm text-red-100 shadow-lg">
          <span className="font-medium">Can’t connect:</span> {message}
        </p>
      )}
    </div>
  );
}
