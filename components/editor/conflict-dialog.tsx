'use client';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';

/** Asks what to do when the workflow was saved elsewhere since it was loaded. */
export function ConflictDialog({
  message,
  onReload,
  onOverwrite,
  onClose,
}: {
  message: string | null;
  onReload: () => void;
  onOverwrite: () => void;
  onClose: () => void;
}) {
  return (
    <Dialog
      open={message !== null}
      onClose={onClose}
      role="alertdialog"
      title="Saved elsewhere meanwhile"
      description={message}
    >
      <p className="text-sm text-slate-300">
        Reload to take the latest version and drop your changes, or save yours as a new version on
        top of it.
      </p>
      <div className="mt-5 flex justify-end gap-2">
        <Button variant="ghost" onClick={onClose}>
          Cancel
        </Button>
        <Button onClick={onReload}>Reload latest</Button>
        <Button variant="primary" onClick={onOverwrite}>
          Save mine as new version
        </Button>
      </div>
    </Dialog>
  );
}
