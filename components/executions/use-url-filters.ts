'use client';
/**
 * The list's filters, held in the URL query: a view can be shared, reload keeps it, and each
 * change is a history entry so back and forward step between views.
 */
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { filtersToQuery, parseFilters, type ExecutionFilters } from './filters';

export function useUrlFilters(fixedWorkflowId?: string) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const key = params.toString();
  const filters = useMemo(() => {
    const parsed = parseFilters(new URLSearchParams(key));
    return fixedWorkflowId ? { ...parsed, workflowId: fixedWorkflowId } : parsed;
  }, [key, fixedWorkflowId]);

  const setFilters = useCallback(
    (next: ExecutionFilters, { replace = false } = {}) => {
      // A per-workflow list has the workflow in its path, not in its query.
      const query = filtersToQuery(fixedWorkflowId ? { ...next, workflowId: undefined } : next);
      const url = `${pathname}${query}`;
      if (replace) router.replace(url, { scroll: false });
      else router.push(url, { scroll: false });
    },
    [fixedWorkflowId, pathname, router],
  );

  return { filters, setFilters };
}
