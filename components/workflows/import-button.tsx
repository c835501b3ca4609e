'use client';
import { useRef, useState, type ChangeEvent } from 'react';
import { buttonClass } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Button } from '@/components/ui/button';
import { LIMITS } from '@/lib/workflow';

type Props = { onImport: (json: string) => Promise<unknown>; isPending: boolean };

/**
 * "Import workflow": picks a .json file and sends its text to `workflows.import`. A file that is
 * too big is refused before upload; any other problem comes back from the server, path by path,
 * and is shown in a dialog until the user closes it.
 */
export function ImportButton({ onImport, isPending }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const [failure, setFailure] = useState<{ file: string; message: string } | null>(null);

  async function onChange(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    const limitMb = LIMITS.jsonChars / 1e6;
    if (file.size > LIMITS.jsonChars) {
      setFailure({
        file: file.name,
        message: `The file is ${(file.size / 1e6).toFixed(1)} MB; the limit is ${limitMb} MB.`,
      });
      return;
    }
    try {
      await onImport(await file.text());
    } catch (err) {
      setFailure({ file: file.name, message: err instanceof Error ? err.message : String(err) });
    }
  }

  return (
    <>
      <label
        className={`${buttonClass('secondary')} cursor-pointer focus-within:outline-2 focus-within:outline-offset-2 focus-within:outline-sky-400 ${isPending ? 'pointer-events-none opacity-50' : ''}`}
      >
        {isPending ? 'Importing…' : 'Import workflow'}
        <input
          ref={input}
          type="file"
          accept=".json,application/json"
          className="sr-only"
          onChange={onChange}
          disabled={isPending}
        />
      </label>
      <Dialog
        open={failure !== null}
        onClose={() => setFailure(null)}
        role="alertdialog"
        title="Import failed"
        description={
          failure && (
            <>
              Nothing was imported from <strong>{failure.file}</strong>.
            </>
          )
        }
      >
        <pre className="max-h-64 overflow-auto rounded-md bg-slate-950 p-3 text-xs whitespace-pre-wrap text-red-200">
          {failure?.message}
        </pre>
        <div className="mt-4 flex justify-end">
          <Button variant="primary" onClick={() => setFailure(null)}>
            Close
          </Button>
        </div>
      </Dialog>
    </>
  );
}
