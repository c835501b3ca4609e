'use client';
/** What a user can do with one execution: re-run, cancel, delete, open on the canvas. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button, buttonClass } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { useToast } from '@/components/ui/toast';
import type { ExecutionStatus } from '@/lib/events';
import { useTRPC } from '@/lib/trpc/client';
import { unfinishedStatuses } from './status';

type Props = {
  id: string;
  workflowId: string;
  workflowVersion: number;
  status: ExecutionStatus;
};

export function ExecutionActions({ id, workflowId, workflowVersion, status }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const toast = useToast();
  const [isConfirming, setConfirming] = useState(false);
  const isUnfinished = unfinishedStatuses.has(status);

  const rerun = useMutation(
    trpc.executions.rerun.mutationOptions({
      onSuccess: ({ executionId }) => {
        toast.success('Re-run started.');
        router.push(`/executions/${encodeURIComponent(executionId)}`);
      },
      onError: (e) => toast.error(`Could not re-run: ${e.message}`),
    }),
  );
  const cancel = useMutation(
    trpc.runtime.cancel.mutationOptions({
      onSuccess: ({ status: now }) => {
        // Cancelled at once (queued, waiting, or its process gone): no event will say so.
        toast.success(now === 'cancelled' ? 'Execution cancelled.' : 'Cancelling the execution.');
        void queryClient.invalidateQueries({ queryKey: trpc.executions.get.queryKey({ id }) });
        void queryClient.invalidateQueries({ queryKey: trpc.executions.logs.queryKey({ id }) });
      },
      onError: (e) => toast.error(`Could not cancel: ${e.message}`),
    }),
  );
  const remove = useMutation(
    trpc.executions.delete.mutationOptions({
      onSuccess: ({ deleted }) => {
        setConfirming(false);
        if (deleted === 0) {
          toast.error('The execution is still running: cancel it first.');
          return;
        }
        toast.success('Execution deleted.');
        router.push('/executions');
      },
    }),
  );

  return (
    <div role="toolbar" aria-label="Execution actions" className="flex flex-wrap gap-2">
      <Link
        href={`/workflows/${encodeURIComponent(workflowId)}?execution=${encodeURIComponent(id)}`}
        className={buttonClass('secondary', 'sm')}
      >
        Open in editor
      </Link>
      <Button
        size="sm"
        variant="primary"
        disabled={rerun.isPending}
        onClick={() => rerun.mutate({ id, version: 'original' })}
        title="Runs it again with the same input, on the workflow version that ran"
      >
        Re-run on v{workflowVersion}
      </Button>
      <Button
        size="sm"
        disabled={rerun.isPending}
        onClick={() => rerun.mutate({ id, version: 'current' })}
        title="Runs it again with the same input, on the latest saved version"
      >
        Re-run on latest version
      </Button>
      {isUnfinished && (
        <Button
          size="sm"
          variant="danger"
          disabled={cancel.isPending}
          onClick={() => cancel.mutate({ executionId: id })}
        >
          Cancel execution
        </Button>
      )}
      <Button
        size="sm"
        variant="danger-ghost"
        disabled={isUnfinished}
        title={isUnfinished ? 'Cancel it first: a running execution is never deleted' : undefined}
        onClick={() => setConfirming(true)}
      >
        Delete
      </Button>
      <Dialog
        open={isConfirming}
        onClose={() => setConfirming(false)}
        role="alertdialog"
        title="Delete this execution?"
        description="Its node runs, payloads and logs are deleted with it. This cannot be undone."
      >
        {remove.error && (
          <p role="alert" className="mb-3 text-sm text-red-300">
            {remove.error.message}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <Button onClick={() => setConfirming(false)}>Keep it</Button>
          <Button
            variant="danger"
            disabled={remove.isPending}
            onClick={() => remove.mutate({ ids: [id] })}
          >
            {remove.isPending ? 'Deleting…' : 'Delete execution'}
          </Button>
        </div>
      </Dialog>
    </div>
  );
}
