'use client';
/**
 * The data behind the execution list: keyset pages of executions and the per-status counts for
 * the filters, kept live from the execution feed without moving the user's place:
 * - at the top of the page, the list refetches and new executions appear in place;
 * - scrolled down, new executions are only counted, and `showNew()` brings them in.
 */
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTRPC } from '@/lib/trpc/client';
import { toQueryInput, type ExecutionFilters } from './filters';
import { useExecutionFeed, type FeedEvent } from './use-execution-feed';

const PAGE_SIZE = 50;
/** Events come in bursts (a run starts and ends within milliseconds): one refetch per burst. */
const REFRESH_DELAY_MS = 250;
const TOP_SLACK_PX = 120;

export function useExecutionList(filters: ExecutionFilters) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const input = toQueryInput(filters);
  const { status: _status, ...statsInput } = input;

  const listOptions = trpc.executions.list.infiniteQueryOptions(
    { ...input, limit: PAGE_SIZE },
    { getNextPageParam: (last) => last.nextCursor ?? undefined },
  );
  const list = useInfiniteQuery(listOptions);
  const stats = useQuery(trpc.executions.stats.queryOptions(statsInput));
  // New executions are counted per list: other filters start again from the list as fetched.
  const listKey = JSON.stringify(listOptions.queryKey);
  const [fresh, setFresh] = useState<{ key: string; ids: ReadonlySet<string> }>({
    key: listKey,
    ids: new Set(),
  });
  const newIds = fresh.key === listKey ? fresh.ids : new Set<string>();
  const setNewIds = (update: (ids: ReadonlySet<string>) => ReadonlySet<string>) =>
    setFresh((f) => ({ key: listKey, ids: update(f.key === listKey ? f.ids : new Set()) }));

  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const pendingNew = useRef<string[]>([]);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  const refresh = () => {
    timer.current = null;
    void stats.refetch();
    const started = pendingNew.current;
    pendingNew.current = [];
    if (window.scrollY <= TOP_SLACK_PX) void list.refetch();
    else if (started.length > 0) setNewIds((ids) => new Set([...ids, ...started]));
  };

  useExecutionFeed(filters.workflowId, (event: FeedEvent) => {
    if (event.type === 'execution_started') pendingNew.current.push(event.executionId);
    timer.current ??= setTimeout(refresh, REFRESH_DELAY_MS);
  });

  const showNew = () => {
    window.scrollTo({ top: 0 });
    setNewIds(() => new Set());
    // Back to the first page: the pages loaded further down would start at stale cursors.
    void queryClient.resetQueries({ queryKey: listOptions.queryKey });
  };

  const invalidate = useCallback(async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.executions.pathKey() });
  }, [queryClient, trpc]);

  return {
    items: list.data?.pages.flatMap((p) => p.items) ?? [],
    list,
    stats,
    newCount: newIds.size,
    showNew,
    invalidate,
  };
}
