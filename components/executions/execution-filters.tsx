'use client';
/**
 * The filter bar of the execution list: status chips with their counts, workflow, trigger kind,
 * time range and an execution id search. Controlled by the URL filters; every control has a
 * label a screen reader (and a test) can find.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useEffectEvent, useId, useState } from 'react';
import { Button } from '@/components/ui/button';
import { executionStatuses, triggerKinds, type ExecutionStatus } from '@/lib/events';
import { useTRPC } from '@/lib/trpc/client';
import {
  emptyFilters,
  fromLocalInput,
  hasFilters,
  toLocalInput,
  type ExecutionFilters,
} from './filters';
import { countLabel, executionStatusStyle, triggerLabel } from './status';
import type { FiltersUpdate } from './use-url-filters';

type Props = {
  filters: ExecutionFilters;
  counts: Partial<Record<ExecutionStatus, number>> | undefined;
  total: number | undefined;
  /** Set when the server stopped counting there: a count equal to it means "that or more". */
  cap?: number;
  /** Set on a per-workflow list: the workflow select is not shown. */
  fixedWorkflowId?: string;
  /** Given a function, applies it to the latest filters (a change just made may not show yet). */
  onChange(update: FiltersUpdate, options?: { replace?: boolean }): void;
};

const inputClass =
  'h-9 rounded-md border border-slate-700 bg-slate-950 px-2.5 text-sm text-slate-100 placeholder:text-slate-500 focus:border-sky-500 focus:outline-none';
const labelClass = 'mb-1 block text-xs font-medium text-slate-400';

export function ExecutionFiltersBar({
  filters,
  counts,
  total,
  cap,
  fixedWorkflowId,
  onChange,
}: Props) {
  const ids = { workflow: useId(), trigger: useId(), from: useId(), to: useId(), q: useId() };
  const set = (patch: Partial<ExecutionFilters>) => onChange((latest) => ({ ...latest, ...patch }));

  return (
    <div className="space-y-3 rounded-xl border border-slate-800 bg-slate-900/50 p-4">
      <StatusChips
        selected={filters.status}
        counts={counts}
        total={total}
        cap={cap}
        onChange={(update) => onChange((latest) => ({ ...latest, status: update(latest.status) }))}
      />
      <div className="flex flex-wrap items-end gap-3">
        {!fixedWorkflowId && (
          <WorkflowSelect
            id={ids.workflow}
            value={filters.workflowId}
            onChange={(workflowId) => set({ workflowId })}
          />
        )}
        <div>
          <label htmlFor={ids.trigger} className={labelClass}>
            Trigger
          </label>
          <select
            id={ids.trigger}
            value={filters.trigger[0] ?? ''}
            onChange={(e) =>
              set({
                trigger: e.target.value ? [e.target.value as (typeof triggerKinds)[number]] : [],
              })
            }
            className={inputClass}
          >
            <option value="">Any trigger</option>
            {triggerKinds.map((kind) => (
              <option key={kind} value={kind}>
                {triggerLabel[kind]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={ids.from} className={labelClass}>
            Started from
          </label>
          <input
            id={ids.from}
            type="datetime-local"
            value={toLocalInput(filters.from)}
            onChange={(e) => set({ from: fromLocalInput(e.target.value) })}
            className={`${inputClass} w-48`}
          />
        </div>
        <div>
          <label htmlFor={ids.to} className={labelClass}>
            Started until
          </label>
          <input
            id={ids.to}
            type="datetime-local"
            value={toLocalInput(filters.to)}
            onChange={(e) => set({ to: fromLocalInput(e.target.value) })}
            className={`${inputClass} w-48`}
          />
        </div>
        <SearchField
          id={ids.q}
          value={filters.search ?? ''}
          onCommit={(search) =>
            onChange((latest) => ({ ...latest, search: search || undefined }), { replace: true })
          }
        />
        {hasFilters(filters, { ignoreWorkflow: Boolean(fixedWorkflowId) }) && (
          <Button
            className="ml-auto"
            size="sm"
            variant="ghost"
            onClick={() => onChange({ ...emptyFilters, workflowId: fixedWorkflowId })}
          >
            Clear filters
          </Button>
        )}
      </div>
    </div>
  );
}

function StatusChips({
  selected,
  counts,
  total,
  cap,
  onChange,
}: {
  selected: ExecutionStatus[];
  counts: Props['counts'];
  total: number | undefined;
  cap: number | undefined;
  /** How to change the latest selection. */
  onChange(update: (latest: ExecutionStatus[]) => ExecutionStatus[]): void;
}) {
  const toggle = (status: ExecutionStatus) =>
    onChange((latest) =>
      latest.includes(status) ? latest.filter((s) => s !== status) : [...latest, status],
    );
  const chip = (isOn: boolean) =>
    `inline-flex h-8 items-center gap-1.5 rounded-full border px-3 text-sm transition-colors ${
      isOn
        ? 'border-sky-400 bg-sky-500/15 text-sky-100'
        : 'border-slate-700 bg-slate-900 text-slate-300 hover:border-slate-500 hover:text-slate-50'
    }`;
  return (
    <div role="group" aria-label="Status" className="flex flex-wrap items-center gap-2">
      <button
        type="button"
        aria-pressed={selected.length === 0}
        onClick={() => onChange(() => [])}
        className={chip(selected.length === 0)}
      >
        All
        {total !== undefined && <Count n={total} cap={cap} />}
      </button>
      {executionStatuses.map((status) => {
        const n = counts?.[status] ?? 0;
        const isOn = selected.includes(status);
        return (
          <button
            key={status}
            type="button"
            aria-pressed={isOn}
            onClick={() => toggle(status)}
            className={`${chip(isOn)} ${n === 0 && !isOn ? 'opacity-60' : ''}`}
          >
            <span
              aria-hidden
              className={`size-2 rounded-full ${executionStatusStyle[status].dot}`}
            />
            {executionStatusStyle[status].label}
            {counts && <Count n={n} cap={cap} />}
          </button>
        );
      })}
    </div>
  );
}

function Count({ n, cap }: { n: number; cap: number | undefined }) {
  return (
    <span className="rounded-full bg-slate-800 px-1.5 text-xs text-slate-300 tabular-nums">
      {countLabel(n, cap)}
    </span>
  );
}

function WorkflowSelect({
  id,
  value,
  onChange,
}: {
  id: string;
  value: string | undefined;
  onChange(workflowId: string | undefined): void;
}) {
  const trpc = useTRPC();
  const workflows = useQuery(trpc.workflows.list.queryOptions());
  return (
    <div>
      <label htmlFor={id} className={labelClass}>
        Workflow
      </label>
      <select
        id={id}
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value || undefined)}
        className={`${inputClass} max-w-56`}
      >
        <option value="">All workflows</option>
        {workflows.data?.map((w) => (
          <option key={w.id} value={w.id}>
            {w.name}
          </option>
        ))}
        {value && workflows.data && !workflows.data.some((w) => w.id === value) && (
          <option value={value}>Deleted workflow ({value})</option>
        )}
      </select>
    </div>
  );
}

/** Commits the search after a pause in typing (or on Enter), not on every keystroke. */
function SearchField({
  id,
  value,
  onCommit,
}: {
  id: string;
  value: string;
  onCommit(search: string): void;
}) {
  const [text, setText] = useState(value);
  const [synced, setSynced] = useState(value);
  // The URL changed under the field (back/forward, Clear filters): show what it holds now.
  if (value !== synced) {
    setSynced(value);
    setText(value);
  }
  const commit = useEffectEvent(() => onCommit(text.trim()));
  useEffect(() => {
    if (text.trim() === value) return;
    const timer = setTimeout(commit, 400);
    return () => clearTimeout(timer);
  }, [text, value]);
  return (
    <div>
      <label htmlFor={id} className={labelClass}>
        Execution id
      </label>
      <input
        id={id}
        type="search"
        value={text}
        placeholder="Id or prefix"
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') onCommit(text.trim());
        }}
        className={`${inputClass} w-44 font-mono`}
        spellCheck={false}
        autoComplete="off"
      />
    </div>
  );
}
