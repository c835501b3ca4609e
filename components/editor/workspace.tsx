'use client';
/** The editor's panes and the wiring between them: toolbar actions, shortcuts, dialogs. */
import { useReactFlow } from '@xyflow/react';
import { useCallback, useMemo, useRef, useState } from 'react';
import { Inspector } from '@/components/inspector/inspector';
import { PortfolioDock } from '@/components/portfolio/portfolio-dock';
import { ORDER_NODE_TYPE, usePortfolioRefresh } from '@/components/portfolio/use-portfolio';
import { Canvas } from './canvas';
import { ConflictDialog } from './conflict-dialog';
import { ConnectContext } from './connect-context';
import { ConnectDialog } from './connect-dialog';
import { EditorHeader } from './editor-header';
import { KeepChangesDialog } from './keep-changes-dialog';
import { Palette } from './palette';
import { RunDialog } from './run-dialog';
import { RunPanel } from './run-panel';
import { useEditorStore, useEditorStoreApi } from './store-provider';
import { useActivation } from './use-activation';
import { useAutoLayout } from './use-auto-layout';
import { useClipboard } from './use-clipboard';
import { useEditorShortcuts } from './use-editor-shortcuts';
import { useExecutionEvents } from './use-execution-events';
import { useLeaveGuard } from './use-leave-guard';
import { LiveModeProvider, useLiveMode } from './use-live-mode';
import { useRun } from './use-run';
import { useSave } from './use-save';
import { VersionsDialog } from './versions-dialog';

export function Workspace() {
  const store = useEditorStoreApi();
  const workflowId = useEditorStore((s) => s.meta.id);
  const hasRun = useEditorStore((s) => s.run !== null);
  const trades = useEditorStore((s) => s.nodes.some((n) => n.data.type === ORDER_NODE_TYPE));
  // Shown by default for a workflow that places paper orders; the toolbar button toggles it.
  const [portfolioChoice, setPortfolioChoice] = useState<boolean | null>(null);
  const showPortfolio = portfolioChoice ?? trades;
  const { screenToFlowPosition, deleteElements } = useReactFlow();
  const canvasRef = useRef<HTMLDivElement>(null);
  const added = useRef(0);
  const [dialog, setDialog] = useState<'versions' | 'run' | null>(null);
  /** The node whose output the keyboard connect dialog is connecting, if open. */
  const [connectFrom, setConnectFrom] = useState<string | null>(null);

  useLeaveGuard();
  const saving = useSave();
  const save = saving.save;
  const { watch } = useExecutionEvents(workflowId);
  const live = useLiveMode(workflowId);
  const { run, cancel, isStarting } = useRun({ save: saving.save, watch });
  const activation = useActivation(saving.save, live.flush);
  const layout = useAutoLayout();
  usePortfolioRefresh(store, workflowId);
  const clipboard = useClipboard();

  const addAtCentre = useCallback(
    (type: string) => {
      const rect = canvasRef.current?.getBoundingClientRect();
      if (!rect) return;
      const centre = screenToFlowPosition({
        x: rect.x + rect.width / 2,
        y: rect.y + rect.height / 2,
      });
      // Several clicks in a row fan out instead of stacking exactly on top of each other.
      const shift = (added.current++ % 6) * 24;
      store.getState().addNode(type, { x: centre.x - 112 + shift, y: centre.y - 28 + shift });
    },
    [screenToFlowPosition, store],
  );

  const shortcuts = useMemo(
    () => ({
      save: () => void save(),
      undo: () => store.getState().undo(),
      redo: () => store.getState().redo(),
      connect: setConnectFrom,
      remove: () => {
        const { nodes, edges } = store.getState();
        void deleteElements({
          nodes: nodes.filter((n) => n.selected),
          edges: edges.filter((e) => e.selected),
        });
      },
      ...clipboard,
    }),
    [clipboard, deleteElements, save, store],
  );
  useEditorShortcuts(shortcuts);

  return (
    <LiveModeProvider value={live}>
      <EditorHeader
        onSave={() => void saving.save()}
        onRun={() => void run()}
        onRunWithInput={() => setDialog('run')}
        onVersions={() => setDialog('versions')}
        onLayout={() => void layout.arrange()}
        activation={activation}
        isPortfolioShown={showPortfolio}
        onTogglePortfolio={
          trades || showPortfolio ? () => setPortfolioChoice(!showPortfolio) : null
        }
        isSaving={saving.isSaving}
        isStarting={isStarting}
        isLayingOut={layout.isArranging}
      />
      <div className="flex min-h-0 flex-1">
        <Palette onAdd={addAtCentre} />
        <div className="flex min-w-0 flex-1 flex-col">
          <div
            ref={canvasRef}
            data-live={live.isLive || undefined}
            className={`relative min-h-0 flex-1 ${live.isLive ? 'bg-sky-950/40 ring-2 ring-sky-500/60 ring-inset' : ''}`}
          >
            <ConnectContext value={setConnectFrom}>
              <Canvas />
            </ConnectContext>
          </div>
          {(hasRun || showPortfolio) && (
            <div className="flex h-56 shrink-0 border-t border-slate-800">
              {hasRun ? (
                <RunPanel onCancel={() => void cancel()} />
              ) : (
                <p className="flex-1 bg-slate-900/80 p-3 text-xs text-slate-400">
                  Run the workflow or activate it: its events show here.
                </p>
              )}
              {showPortfolio && (
                <PortfolioDock workflowId={workflowId} onClose={() => setPortfolioChoice(false)} />
              )}
            </div>
          )}
        </div>
        <Inspector />
      </div>
      <VersionsDialog open={dialog === 'versions'} onClose={() => setDialog(null)} />
      <ConnectDialog nodeId={connectFrom} onClose={() => setConnectFrom(null)} />
      <RunDialog
        open={dialog === 'run'}
        onClose={() => setDialog(null)}
        onRun={(i) => void run(i)}
      />
      <KeepChangesDialog
        count={activation.asking}
        isBusy={activation.isBusy}
        onChoose={activation.keep}
        onCancel={activation.cancelAsk}
      />
      <ConflictDialog
        message={saving.conflict}
        onClose={saving.dismissConflict}
        onReload={() => void saving.reload()}
        onOverwrite={() => void saving.save({ overwrite: true })}
      />
    </LiveModeProvider>
  );
}
