'use client';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';

type Props = {
  workflow: { id: string; name: string; version: number } | null;
  isPending: boolean;
  error?: string | null;
  onConfirm: (id: string) => void;
  onClose: () => void;
};

export function DeleteDialog({ workflow, isPending, error, onConfirm, onClose }: Props) {
  return (
    <Dialog
      open={workflow !== null}
      onClose={onClose}
      role="alertdialog"
      title={`Delete “${workflow?.name ?? ''}”?`}
      description="The workflow, its versions and its execution history are deleted for good. Export it first if you may want it back."
    >
      {error && (
        <p role="alert" className="mb-4 text-sm text-red-300">
          {error}
        </p>
      )}
      <div className="flex justify-end gap-2">
        <Button variant="ghost" onClick={onClose} autoFocus>
          Cancel
        </Button>
        <Button
          variant="danger"
          disabled={isPending}
          onClick={() => workflow && onConfirm(workflow.id)}
        >
          {isPending ? 'Deleting…' : 'Delete workflow'}
        </Button>
      </div>
    </Dialog>
  );
}
