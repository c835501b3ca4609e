'use client';
/**
 * Connecting ports without a mouse: pick one of a node's outputs (skipped when it has one), then
 * an input anywhere in the graph. Inputs that cannot take it are listed too, refused with the
 * reason a drag would give (connection-rules.ts). The edges already leaving the output can be
 * removed from here. Each connection is one undo step (the store's onConnect).
 */
import { useMemo, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { useToast } from '@/components/ui/toast';
import { ConnectTargets } from './connect-targets';
import {
  connectTargets,
  edgesFrom,
  outputPorts,
  portLabel,
  type ConnectTarget,
} from './keyboard-connect';
import { useEditorStore, useEditorStoreApi } from './store-provider';
import type { EditorNode } from './types';

export function ConnectDialog({ nodeId, onClose }: { nodeId: string | null; onClose: () => void }) {
  const node = useEditorStore((s) => (nodeId ? s.nodes.find((n) => n.id === nodeId) : undefined));
  const catalog = useEditorStore((s) => s.catalog);
  const outputs = useMemo(() => (node ? outputPorts(node, catalog) : []), [node, catalog]);
  // The output chosen for this opening of the dialog: a new node starts over.
  const [choice, setChoice] = useState<{ nodeId: string | null; port: string | null }>({
    nodeId: null,
    port: null,
  });
  if (choice.nodeId !== nodeId)
    setChoice({ nodeId, port: outputs.length === 1 ? outputs[0]!.name : null });
  const port = choice.nodeId === nodeId ? choice.port : null;
  const name = node?.data.name ?? '';
  return (
    <Dialog
      open={node !== undefined}
      onClose={onClose}
      title={port ? `Connect ${portLabel(name, port)} to…` : `Connect ${name} from…`}
      wide
    >
      <>
        {node && outputs.length === 0 && (
          <>
            <p className="text-sm text-slate-300">{name} has no outputs to connect.</p>
            <Footer onClose={onClose} />
          </>
        )}
        {node && outputs.length > 0 && port === null && (
          <>
            <p className="text-sm text-slate-300">Which output of {name}?</p>
            <ul aria-label="Outputs" className="mt-3 flex flex-wrap gap-2">
              {outputs.map((o) => (
                <li key={o.name}>
                  <Button onClick={() => setChoice({ nodeId, port: o.name })}>
                    {o.name} <span className="text-xs text-slate-400">{o.type}</span>
                  </Button>
                </li>
              ))}
            </ul>
            <Footer onClose={onClose} />
          </>
        )}
        {node && port !== null && (
          <PortTargets
            node={node}
            port={port}
            onBack={outputs.length > 1 ? () => setChoice({ nodeId, port: null }) : undefined}
            onClose={onClose}
          />
        )}
      </>
    </Dialog>
  );
}

function PortTargets({
  node,
  port,
  onBack,
  onClose,
}: {
  node: EditorNode;
  port: string;
  onBack?: () => void;
  onClose: () => void;
}) {
  const store = useEditorStoreApi();
  const toast = useToast();
  const nodes = useEditorStore((s) => s.nodes);
  const edges = useEditorStore((s) => s.edges);
  const catalog = useEditorStore((s) => s.catalog);
  const targets = useMemo(
    () => connectTargets({ nodes, edges }, catalog, node.id, port),
    [nodes, edges, catalog, node.id, port],
  );
  const leaving = edgesFrom({ nodes, edges }, node.id, port);
  const nameOf = (id: string) => nodes.find((n) => n.id === id)?.data.name ?? id;
  const [refusal, setRefusal] = useState<string | null>(null);
  const from = portLabel(node.data.name, port);

  function choose(t: ConnectTarget) {
    const why =
      t.refusal ??
      store.getState().onConnect({
        source: node.id,
        sourceHandle: port,
        target: t.nodeId,
        targetHandle: t.port,
      });
    if (why) return setRefusal(why);
    toast.success(`Connected ${from} to ${portLabel(t.nodeName, t.port)}.`);
    onClose();
  }

  return (
    <section>
      <p className="text-xs text-slate-400">
        Enter connects the input in focus; ↑ ↓ move through the list, Escape closes. Greyed inputs
        cannot take this output: the reason is under them.
      </p>
      <p role="status" className="mt-2 min-h-5 text-sm text-red-300">
        {refusal && (
          <>
            <span className="font-medium">Can’t connect:</span> {refusal}
          </>
        )}
      </p>
      <ConnectTargets targets={targets} onChoose={choose} />
      {leaving.length > 0 && (
        <div className="mt-4">
          <h4 className="text-xs text-slate-400">Connected now</h4>
          <ul aria-label="Connected now" className="mt-1 space-y-1">
            {leaving.map((e) => {
              const to = portLabel(nameOf(e.target), e.targetHandle);
              return (
                <li key={e.id} className="flex items-center justify-between gap-2 text-sm">
                  <span>→ {to}</span>
                  <Button
                    size="sm"
                    variant="danger-ghost"
                    aria-label={`Disconnect ${to}`}
                    onClick={() => store.getState().onEdgesChange([{ type: 'remove', id: e.id }])}
                  >
                    Disconnect
                  </Button>
                </li>
              );
            })}
          </ul>
        </div>
      )}
      <Footer onBack={onBack} onClose={onClose} />
    </section>
  );
}

function Footer({ onBack, onClose }: { onBack?: () => void; onClose: () => void }) {
  return (
    <div className="mt-4 flex justify-end gap-2">
      {onBack && (
        <Button variant="ghost" onClick={onBack}>
          Other output
        </Button>
      )}
      <Button variant="ghost" onClick={onClose}>
        Cancel
      </Button>
    </div>
  );
}
