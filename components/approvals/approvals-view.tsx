'use client';
/**
 * The approvals page: what waits for a person (oldest first) with Approve / Reject, and the
 * decisions made lately with who made them.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useToast } from '@/components/ui/toast';
import { useTRPC } from '@/lib/trpc/client';
import { ApprovalCard } from './approval-card';
import { recordDecision } from './approvals-stream';
import { DecisionList } from './decision-list';
import { usePendingApprovals, useRecentDecisions } from './use-approvals';

/** Re-renders every second while something can expire, so the countdowns move. */
function useNow(isTicking: boolean) {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    if (!isTicking) return;
    const timer = window.setInterval(() => setNow(new Date()), 1_000);
    return () => window.clearInterval(timer);
  }, [isTicking]);
  return now;
}

export function ApprovalsView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const pending = usePendingApprovals();
  const decisions = useRecentDecisions();
  const workflows = useQuery(trpc.workflows.list.queryOptions());
  const names = useMemo(
    () => new Map(workflows.data?.map((w) => [w.id, w.name]) ?? []),
    [workflows.data],
  );
  const now = useNow((pending.data?.length ?? 0) > 0);

  const options = (verb: string) => ({
    onSuccess: (
      result: { approvalId: string; decision: 'approved' | 'rejected' },
      input: { approvalId: string; comment?: string },
    ) => {
      const asked = pending.data?.find((a) => a.id === result.approvalId);
      recordDecision(
        {
          approvalId: result.approvalId,
          workflowId: asked?.workflowId ?? '',
          decision: result.decision,
          // The stream's approval_resolved names the user as the server recorded it.
          by: 'you',
          comment: input.comment,
          decidedAt: new Date(),
          details: asked?.details,
        },
        'click',
      );
      toast.success(`${verb}.`);
      return queryClient.invalidateQueries({ queryKey: trpc.runtime.approvals.queryKey() });
    },
    onError: (err: { message: string }) => {
      toast.error(`Could not decide: ${err.message}`);
      return queryClient.invalidateQueries({ queryKey: trpc.runtime.approvals.queryKey() });
    },
  });
  const approve = useMutation(trpc.runtime.approve.mutationOptions(options('Approved')));
  const reject = useMutation(trpc.runtime.reject.mutationOptions(options('Rejected')));
  const deciding = approve.isPending ? approve.variables?.approvalId : reject.variables?.approvalId;
  const isDeciding = approve.isPending || reject.isPending;

  const nameOf = (id: string) => names.get(id) ?? id;
  const count = pending.data?.length ?? 0;
  return (
    <div className="space-y-10">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Approvals</h1>
        <p className="mt-1 text-sm text-slate-400">
          Orders and steps that wait for a person. An approval that is not decided in time counts as
          rejected.
        </p>
      </div>

      <section aria-labelledby="pending-heading">
        <h2 id="pending-heading" className="text-lg font-semibold">
          Waiting for a decision{' '}
          <span className="text-sm font-normal text-slate-400 tabular-nums">({count})</span>
        </h2>
        <div className="mt-3 space-y-3">
          {pending.isPending && <p className="text-slate-400">Loading approvals…</p>}
          {pending.isError && (
            <p
              role="alert"
              className="rounded-md border border-red-800 bg-red-950 p-4 text-red-200"
            >
              Could not load approvals: {pending.error.message}
            </p>
          )}
          {pending.data?.length === 0 && (
            <p className="rounded-xl border border-dashed border-slate-700 px-6 py-8 text-center text-sm text-slate-400">
              Nothing waits for approval. Orders above an approval gate&apos;s threshold show up
              here, and the header badge counts them.
            </p>
          )}
          {pending.data?.map((a) => (
            <ApprovalCard
              key={a.id}
              approval={a}
              workflowName={nameOf(a.workflowId)}
              now={now}
              isDeciding={isDeciding && deciding === a.id}
              onDecide={(decision, comment) => {
                const input = { approvalId: a.id, comment: comment.trim() || undefined };
                if (decision === 'approve') approve.mutate(input);
                else reject.mutate(input);
              }}
            />
          ))}
        </div>
      </section>

      <section aria-labelledby="decided-heading">
        <h2 id="decided-heading" className="text-lg font-semibold">
          Recently decided
        </h2>
        <DecisionList decisions={decisions} nameOf={nameOf} />
      </section>
    </div>
  );
}
