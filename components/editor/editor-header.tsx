'use client';
/** The editor's title bar and toolbar: name, version, unsaved state, and the main actions. */
import Link from 'next/link';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { LiveLogDialog } from './live-log-dialog';
import { WorkflowSettingsDialog } from './workflow-settings-dialog';
import { selectCanRedo, selectCanUndo } from './selectors';
import { useEditorStore } from './store-provider';
import type { Activation } from './use-activation';
import { useLive } from './use-live-mode';

export type HeaderActions = {
  onSave(): void;
  onRun(): void;
  onRunWithInput(): void;
  onVersions(): void;
  onLayout(): void;
  activation: Activation;
  isPortfolioShown: boolean;
  /** Null when the workflow places no paper orders: no portfolio to show. */
  onTogglePortfolio: (() => void) | null;
  isSaving: boolean;
  isStarting: boolean;
  isLayingOut: boolean;
};

const mod = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform) ? '⌘' : 'Ctrl+';

export function EditorHeader(a: HeaderActions) {
  const { id, name, version } = useEditorStore((s) => s.meta);
  const dirty = useEditorStore((s) => s.dirty);
  const canUndo = useEditorStore(selectCanUndo);
  const canRedo = useEditorStore(selectCanRedo);
  const undo = useEditorStore((s) => s.undo);
  const redo = useEditorStore((s) => s.redo);
  const isEmpty = useEditorStore((s) => s.nodes.length === 0);
  const live = useLive();
  const [showLog, setShowLog] = useState(false);
  const [showSettings, setShowSettings] = useState(false);
  const overridden = useEditorStore((s) =>
    Object.values(s.overrides).reduce((n, props) => n + Object.keys(props).length, 0),
  );
  return (
    <div className="flex h-12 shrink-0 items-center gap-3 border-b border-slate-800 bg-slate-900/60 px-3">
      <Link
        href="/"
        onClick={(e) => {
          if (dirty && !window.confirm('Leave without saving your changes?')) e.preventDefault();
        }}
        className="shrink-0 text-sm whitespace-nowrap text-slate-400 hover:text-slate-200"
      >
        ← Workflows
      </Link>
      <div className="min-w-0">
        <h1 className="truncate text-[15px] leading-tight font-semibold" title={name}>
          {name}
        </h1>
        <p className="text-[11px] leading-tight text-slate-400">
          Version {version} ·{' '}
          {dirty ? <span className="text-amber-300">● Unsaved changes</span> : <span>Saved</span>}
          {a.activation.isKnown && (
            <>
              {' · '}
              <span
                data-testid="activation-state"
                className={a.activation.isActive ? 'text-emerald-300' : undefined}
              >
                {a.activation.isActive ? '● Active' : 'Inactive'}
              </span>
            </>
          )}
        </p>
      </div>
      <Button
        size="sm"
        variant="ghost"
        onClick={() => setShowSettings(true)}
        aria-label="Workflow settings"
        title="Name, description, concurrency, time limits and default retries"
        className="shrink-0"
      >
        <span aria-hidden className="text-base">
          ⚙
        </span>
      </Button>
      <WorkflowSettingsDialog open={showSettings} onClose={() => setShowSettings(false)} />
      {live.isLive && (
        <span
          role="status"
          title="The workflow is active or running: property edits apply to its next node runs"
          className="rounded bg-sky-600 px-2 py-0.5 text-[11px] font-bold tracking-wider text-white"
        >
          LIVE
        </span>
      )}
      {overridden > 0 && (
        <div role="group" aria-label="Live overrides" className="flex items-center gap-1.5">
          <span className="text-[11px] whitespace-nowrap text-sky-300">
            {overridden} live override{overridden === 1 ? '' : 's'}
          </span>
          <Button size="sm" onClick={() => void live.apply()}>
            Apply to workflow
          </Button>
          <Button size="sm" variant="ghost" onClick={() => void live.revert()}>
            Revert
          </Button>
        </div>
      )}
      {(live.isLive || overridden > 0) && (
        <Button size="sm" variant="ghost" onClick={() => setShowLog(true)}>
          Live changes
        </Button>
      )}
      <LiveLogDialog
        workflowId={live.workflowId}
        open={showLog}
        onClose={() => setShowLog(false)}
      />
      <Link
        href={`/workflows/${encodeURIComponent(id)}/executions`}
        onClick={(e) => {
          if (dirty && !window.confirm('Leave without saving your changes?')) e.preventDefault();
        }}
        aria-label="Executions of this workflow"
        className="ml-auto rounded-md px-2.5 py-1.5 text-sm text-slate-300 hover:bg-slate-800 hover:text-slate-50"
      >
        Executions
      </Link>
      <div role="toolbar" aria-label="Editor" className="flex items-center gap-1.5">
        <Button
          size="sm"
          variant="ghost"
          onClick={undo}
          disabled={!canUndo}
          title={`Undo (${mod}Z)`}
          aria-label="Undo"
        >
          <span aria-hidden className="text-base">
            ↶
          </span>
        </Button>
        <Button
          size="sm"
          variant="ghost"
          onClick={redo}
          disabled={!canRedo}
          title={`Redo (${mod}Shift+Z)`}
          aria-label="Redo"
        >
          <span aria-hidden className="text-base">
            ↷
          </span>
        </Button>
        <Button size="sm" variant="ghost" onClick={a.onLayout} disabled={isEmpty || a.isLayingOut}>
          {a.isLayingOut ? 'Arranging…' : 'Auto-layout'}
        </Button>
        <Button size="sm" variant="ghost" onClick={a.onVersions}>
          Versions
        </Button>
        {a.onTogglePortfolio && (
          <Button
            size="sm"
            variant="ghost"
            aria-pressed={a.isPortfolioShown}
            className={a.isPortfolioShown ? 'bg-slate-800 text-slate-50' : ''}
            onClick={a.onTogglePortfolio}
            title="This workflow's paper positions, PnL and orders"
          >
            Portfolio
          </Button>
        )}
        <span aria-hidden className="mx-1 h-5 w-px bg-slate-700" />
        <Button size="sm" onClick={a.onSave} disabled={a.isSaving} title={`Save (${mod}S)`}>
          {a.isSaving ? 'Saving…' : 'Save'}
        </Button>
        <Button size="sm" onClick={a.onRunWithInput} disabled={a.isStarting || isEmpty}>
          Run with input…
        </Button>
        <Button
          size="sm"
          variant={a.activation.isActive ? 'danger-ghost' : 'secondary'}
          onClick={a.activation.toggle}
          disabled={
            !a.activation.isKnown || a.activation.isBusy || (isEmpty && !a.activation.isActive)
          }
          title={
            a.activation.isActive
              ? 'Stop running this workflow on its triggers'
              : 'Run this workflow on its triggers (interval, cron, webhook, event) until deactivated'
          }
        >
          {a.activation.isActive ? (
            <>
              <span aria-hidden>■</span> Deactivate
            </>
          ) : (
            <>
              <span aria-hidden className="size-2 rounded-full bg-emerald-400" /> Activate
            </>
          )}
        </Button>
        <Button size="sm" variant="primary" onClick={a.onRun} disabled={a.isStarting || isEmpty}>
          <span aria-hidden>▶</span> Run
        </Button>
      </div>
    </div>
  );
}
