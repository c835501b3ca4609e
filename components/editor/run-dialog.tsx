'use client';
/** Run with a JSON input: the payload the trigger node passes on (`trigger` in expressions). */
import { useId, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';

export function RunDialog({
  open,
  onClose,
  onRun,
}: {
  open: boolean;
  onClose: () => void;
  onRun: (input: unknown) => void;
}) {
  const [text, setText] = useState('{\n  \n}');
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  function submit() {
    let input: unknown;
    try {
      input = text.trim() === '' ? undefined : JSON.parse(text);
    } catch (err) {
      setError(`Not valid JSON: ${(err as Error).message}`);
      return;
    }
    setError(null);
    onRun(input);
    onClose();
  }

  return (
    <Dialog open={open} onClose={onClose} title="Run with input">
      <label htmlFor={id} className="text-sm font-medium text-slate-200">
        Input (JSON)
      </label>
      <textarea
        id={id}
        value={text}
        onChange={(e) => setText(e.target.value)}
        rows={8}
        spellCheck={false}
        aria-invalid={error !== null}
        aria-describedby={error ? `${id}-error` : undefined}
        className="mt-1 w-full rounded-md border border-slate-700 bg-slate-950 p-2 font-mono text-xs focus:border-sky-500 focus:outline-none"
      />
      {error && (
        <p id={`${id}-error`} role="alert" className="mt-1 text-sm text-red-300">
          {error}
        </p>
      )}
      <div className="mt-4 flex justify-end gap-2">
        <Button variant="ghost" onClick={onClose}>
          Cancel
        </Button>
        <Button variant="primary" onClick={submit}>
          Run
        </Button>
      </div>
    </Dialog>
  );
}
