'use client';
/**
 * The list's filters, held in the URL query: a view can be shared, reload keeps it, and each
 * change is a history entry so back and forward step between views.
 */
import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { filtersToQuery, parseFilters, type ExecutionFilters } from './filters';

/** New filters, or how to change the latest ones (as React's setState takes them). */
export type FiltersUpdate = ExecutionFilters | ((latest: ExecutionFilters) => ExecutionFilters);

export function useUrlFilters(fixedWorkflowId?: string) {
  const pathname = usePathname();
  const params = useSearchParams();
  const key = params.toString();
  const filters = useMemo(() => {
    const parsed = parseFilters(new URLSearchParams(key));
    return fixedWorkflowId ? { ...parsed, workflowId: fixedWorkflowId } : parsed;
  }, [key, fixedWorkflowId]);

  // The filters last asked for: the rendered ones follow the URL only on the next render, and a
  // second change made before then (a status chip, then the trigger at once) builds on them
  // instead of on the rendered ones, which would drop the first.
  const latest = useRef(filters);
  useEffect(() => {
    latest.current = filters;
  }, [filters]);

  const setFilters = useCallback(
    (update: FiltersUpdate, { replace = false } = {}) => {
      const next = typeof update === 'function' ? update(latest.current) : update;
      latest.current = next;
      // A per-workflow list has the workflow in its path, not in its query.
      const query = filtersToQuery(fixedWorkflowId ? { ...next, workflowId: undefined } : next);
      const url = `${pathname}${query}`;
      // The browser's history API, which Next's router follows (useSearchParams updates): the
      // page is already here, so a filter needs no navigation. router.push fetched the page's
      // server part anew on each change, and a change made while one was still loading could be lost.
      if (replace) window.history.replaceState(null, '', url);
      else window.history.pushState(null, '', url);
    },
    [fixedWorkflowId, pathname],
  );

  return { filters, setFilters };
}
