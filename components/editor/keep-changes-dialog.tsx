'use client';
/**
 * Asked when a workflow with unapplied live overrides is deactivated (Unity asks the same about
 * Play Mode changes): save them as a new version, drop them, or stay active.
 */
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import type { KeepChoice } from './use-activation';

export type KeepChangesDialogProps = {
  count: number | null;
  isBusy: boolean;
  onChoose(choice: KeepChoice): void;
  onCancel(): void;
};

export function KeepChangesDialog({ count, isBusy, onChoose, onCancel }: KeepChangesDialogProps) {
  const n = count ?? 0;
  return (
    <Dialog
      open={count !== null}
      onClose={onCancel}
      role="alertdialog"
      title="Keep your live changes?"
      description={
        <>
          You changed {n} propert{n === 1 ? 'y' : 'ies'} while the workflow was running. They are
          not part of the saved workflow: apply them as a new version, or discard them. Either way
          the workflow stops running on its triggers.
        </>
      }
    >
      <div className="flex justify-end gap-2">
        <Button variant="ghost" onClick={onCancel} disabled={isBusy}>
          Cancel
        </Button>
        <Button variant="danger-ghost" onClick={() => onChoose('discard')} disabled={isBusy}>
          Discard
        </Button>
        <Button variant="primary" onClick={() => onChoose('apply')} disabled={isBusy}>
          Apply to workflow
        </Button>
      </div>
    </Dialog>
  );
}
