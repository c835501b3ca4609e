/**
 * The execution list's filters and how they live in the URL query, so a view can be shared and
 * back/forward move between filter states. Pure: no React, no router.
 *
 * @example parseFilters(new URLSearchParams('status=failed,running&workflow=wf_1'))
 */
import {
  executionStatuses,
  triggerKinds,
  type ExecutionStatus,
  type TriggerKind,
} from '@/lib/events';

export type ExecutionFilters = {
  workflowId?: string;
  status: ExecutionStatus[];
  trigger: TriggerKind[];
  /** ISO timestamps. */
  from?: string;
  to?: string;
  /** An execution id or its prefix. */
  search?: string;
};

export const emptyFilters: ExecutionFilters = { status: [], trigger: [] };

function listOf<T extends string>(raw: string | null, allowed: readonly T[]): T[] {
  if (!raw) return [];
  const wanted = new Set(raw.split(','));
  // Keeps the canonical order, so `status=failed,running` and `running,failed` are one view.
  return allowed.filter((v) => wanted.has(v));
}

function isoOf(raw: string | null): string | undefined {
  if (!raw) return undefined;
  const ms = Date.parse(raw);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** Reads the filters from a URL query; unknown values are dropped rather than failing. */
export function parseFilters(params: URLSearchParams): ExecutionFilters {
  return {
    workflowId: params.get('workflow') || undefined,
    status: listOf(params.get('status'), executionStatuses),
    trigger: listOf(params.get('trigger'), triggerKinds),
    from: isoOf(params.get('from')),
    to: isoOf(params.get('to')),
    search: params.get('q')?.trim() || undefined,
  };
}

/** The URL query of the filters ('' when none), in a stable key order. */
export function filtersToQuery(f: ExecutionFilters): string {
  const params = new URLSearchParams();
  if (f.workflowId) params.set('workflow', f.workflowId);
  if (f.status.length > 0) params.set('status', f.status.join(','));
  if (f.trigger.length > 0) params.set('trigger', f.trigger.join(','));
  if (f.from) params.set('from', f.from);
  if (f.to) params.set('to', f.to);
  if (f.search) params.set('q', f.search);
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** Whether any filter narrows the list (the fixed workflow of a per-workflow list aside). */
export function hasFilters(f: ExecutionFilters, { ignoreWorkflow = false } = {}): boolean {
  return (
    (!ignoreWorkflow && Boolean(f.workflowId)) ||
    f.status.length > 0 ||
    f.trigger.length > 0 ||
    Boolean(f.from || f.to || f.search)
  );
}

/** The tRPC input of the filters: undefined for every filter not set, no empty arrays. */
export function toQueryInput(f: ExecutionFilters) {
  return {
    workflowId: f.workflowId,
    status: f.status.length > 0 ? f.status : undefined,
    trigger: f.trigger.length > 0 ? f.trigger : undefined,
    from: f.from,
    to: f.to,
    search: f.search,
  };
}

/** The value of a `datetime-local` input for an ISO time, in the viewer's time zone. */
export function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The ISO time of a `datetime-local` value (local time), or undefined when empty or invalid. */
export function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
