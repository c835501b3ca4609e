'use client';
/**
 * The audit trail of live property changes of this workflow: who changed which field of which
 * node, when, from what to what, and which executions were running then. Newest first.
 */
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useMemo } from 'react';
import { Dialog } from '@/components/ui/dialog';
import { useTRPC } from '@/lib/trpc/client';
import { useEditorStore } from './store-provider';

const ACTION: Record<string, string> = {
  patch: 'changed',
  revert: 'reverted',
  apply: 'applied',
  discard: 'discarded',
};

// The log stores "no value" (the type's default applies) as null.
const show = (value: unknown) => (value == null ? 'default' : JSON.stringify(value));

export function LiveLogDialog({
  workflowId,
  open,
  onClose,
}: {
  workflowId: string;
  open: boolean;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const log = useQuery({
    ...trpc.runtime.propsLog.queryOptions({ workflowId, limit: 200 }),
    enabled: open,
    refetchInterval: open ? 2_000 : false,
  });
  const nodes = useEditorStore((s) => s.nodes);
  const names = useMemo(() => new Map(nodes.map((n) => [n.id, n.data.name])), [nodes]);

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Live changes"
      wide
      description="Every property value changed while the workflow ran, newest first."
    >
      {log.isError && (
        <p role="alert" className="text-sm text-red-300">
          Could not load the log: {log.error.message}
        </p>
      )}
      {log.data?.length === 0 && (
        <p className="text-sm text-slate-400">
          No live changes yet. Edit a property while the workflow is active or running.
        </p>
      )}
      {log.data && log.data.length > 0 && (
        <div className="max-h-[60vh] overflow-auto">
          <table className="w-full text-left text-xs">
            <caption className="sr-only">Live property changes</caption>
            <thead className="sticky top-0 bg-slate-900 text-slate-400">
              <tr>
                <th scope="col" className="py-1 pr-2 font-medium">
                  When
                </th>
                <th scope="col" className="py-1 pr-2 font-medium">
                  Who
                </th>
                <th scope="col" className="py-1 pr-2 font-medium">
                  Node · field
                </th>
                <th scope="col" className="py-1 pr-2 font-medium">
                  Change
                </th>
                <th scope="col" className="py-1 font-medium">
                  Running
                </th>
              </tr>
            </thead>
            <tbody>
              {log.data.map((row) => (
                <tr key={row.id} className="border-t border-slate-800 align-top">
                  <td className="py-1 pr-2 whitespace-nowrap text-slate-400">
                    <time dateTime={row.createdAt.toISOString()}>
                      {row.createdAt.toLocaleTimeString()}
                    </time>
                  </td>
                  <td className="py-1 pr-2">{row.actor}</td>
                  <td className="py-1 pr-2">
                    {names.get(row.nodeId) ?? row.nodeId} · <code>{row.field}</code>
                  </td>
                  <td className="py-1 pr-2">
                    <span className="text-slate-400">{ACTION[row.action] ?? row.action}</span>{' '}
                    <code className="text-slate-300">{show(row.oldValue)}</code> →{' '}
                    <code className="text-sky-300">{show(row.newValue)}</code>
                  </td>
                  <td className="py-1">
                    {row.executionIds.length === 0 && <span className="text-slate-500">—</span>}
                    {row.executionIds.slice(0, 3).map((id) => (
                      <Link
                        key={id}
                        href={`/executions/${id}`}
                        className="mr-1 font-mono text-sky-300 hover:underline"
                      >
                        {id.slice(0, 8)}
                      </Link>
                    ))}
                    {row.executionIds.length > 3 && (
                      <span className="text-slate-500">+{row.executionIds.length - 3}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Dialog>
  );
}
