'use client';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';

export type NameDialogProps = {
  open: boolean;
  title: string;
  submitLabel: string;
  initialName?: string;
  isPending: boolean;
  error?: string | null;
  onSubmit: (name: string) => void;
  onClose: () => void;
};

/** Asks for a workflow name (create, rename); the field names its own rule when it is broken. */
export function NameDialog(props: NameDialogProps) {
  return (
    <Dialog open={props.open} onClose={props.onClose} title={props.title}>
      {props.open && <NameForm {...props} />}
    </Dialog>
  );
}

function NameForm({
  submitLabel,
  initialName = '',
  isPending,
  error,
  onSubmit,
  onClose,
}: NameDialogProps) {
  const [name, setName] = useState(initialName);
  const [localError, setLocalError] = useState<string | null>(null);
  const shown = localError ?? error ?? null;

  function submit(e: FormEvent) {
    e.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return setLocalError('Name must not be empty.');
    if (trimmed.length > 200) return setLocalError('Name must be at most 200 characters long.');
    setLocalError(null);
    onSubmit(trimmed);
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <div className="space-y-1.5">
        <label htmlFor="workflow-name" className="block text-sm font-medium text-slate-200">
          Name
        </label>
        <input
          id="workflow-name"
          name="name"
          autoFocus
          autoComplete="off"
          value={name}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={shown ? true : undefined}
          aria-describedby={shown ? 'workflow-name-error' : undefined}
          className="block h-9 w-full rounded-md border border-slate-600 bg-slate-950 px-3 text-sm text-slate-100 placeholder:text-slate-500"
          placeholder="BTC spread watcher"
        />
        {shown && (
          <p id="workflow-name-error" role="alert" className="text-sm text-red-300">
            {shown}
          </p>
        )}
      </div>
      <div className="flex justify-end gap-2">
        <Button variant="ghost" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" disabled={isPending}>
          {isPending ? 'Saving…' : submitLabel}
        </Button>
      </div>
    </form>
  );
}
