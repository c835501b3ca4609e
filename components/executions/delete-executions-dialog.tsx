'use client';
/** Confirms deleting every execution that matches the list's filters, naming how many. */
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { countLabel } from './status';

type Props = {
  open: boolean;
  count: number;
  /** The server's counting cap, when the count reached it. */
  cap?: number;
  isFiltered: boolean;
  isPending: boolean;
  error?: string;
  onClose(): void;
  onConfirm(): void;
};

export function DeleteExecutionsDialog(p: Props) {
  const noun = `${countLabel(p.count, p.cap)} execution${p.count === 1 ? '' : 's'}`;
  return (
    <Dialog
      open={p.open}
      onClose={p.onClose}
      role="alertdialog"
      title={`Delete ${noun}?`}
      description={
        <>
          <p>
            {p.isFiltered
              ? `Every execution matching the current filters (${noun}) is deleted with its node runs and logs.`
              : `Every execution (${noun}) is deleted with its node runs and logs.`}{' '}
            This cannot be undone.
          </p>
          <p className="mt-2 text-slate-400">Running, waiting and halted executions are kept.</p>
        </>
      }
    >
      {p.error && (
        <p role="alert" className="mb-3 text-sm text-red-300">
          {p.error}
        </p>
      )}
      <div className="flex justify-end gap-2">
        <Button onClick={p.onClose}>Keep them</Button>
        <Button variant="danger" onClick={p.onConfirm} disabled={p.isPending}>
          {p.isPending ? 'Deleting…' : `Delete ${noun}`}
        </Button>
      </div>
    </Dialog>
  );
}
