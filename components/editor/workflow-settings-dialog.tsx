'use client';
/**
 * The workflow's own settings: name, description, what a trigger does while a run is still
 * going, time limits, and the retry policy every node inherits unless it sets its own. Checked
 * with the same schema the server uses; "Apply" changes the editor's copy (Save stores it).
 */
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { workflowShapeSchema } from '@/lib/workflow';
import { toIssues } from '@/lib/zod-issues';
import { useEditorStore } from './store-provider';

const settingsForm = workflowShapeSchema.pick({ name: true, description: true, settings: true });

type Draft = {
  name: string;
  description: string;
  concurrency: '' | 'skip' | 'queue';
  timeoutMs: string;
  nodeTimeoutMs: string;
  retry: boolean;
  maxAttempts: string;
  backoffMs: string;
  factor: string;
  maxBackoffMs: string;
};

const CONCURRENCY = [
  ['', 'Start another run alongside (default)'],
  ['skip', 'Skip the new run'],
  ['queue', 'Queue it until the last one ends'],
] as const;

const num = (text: string) => (text.trim() === '' ? undefined : Number(text));

/** The form's text turned into the workflow's shape (empty fields: not set). */
function parse(d: Draft) {
  return settingsForm.safeParse({
    name: d.name,
    description: d.description,
    settings: {
      ...(d.concurrency && { concurrency: d.concurrency }),
      ...(num(d.timeoutMs) !== undefined && { timeoutMs: num(d.timeoutMs) }),
      ...(num(d.nodeTimeoutMs) !== undefined && { nodeTimeoutMs: num(d.nodeTimeoutMs) }),
      ...(d.retry && {
        retry: {
          maxAttempts: num(d.maxAttempts),
          backoffMs: num(d.backoffMs),
          factor: num(d.factor),
          maxBackoffMs: num(d.maxBackoffMs),
        },
      }),
    },
  });
}

export function WorkflowSettingsDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const meta = useEditorStore((s) => s.meta);
  const updateMeta = useEditorStore((s) => s.updateMeta);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const d: Draft = draft ?? {
    name: meta.name,
    description: meta.description,
    concurrency: meta.settings.concurrency === 'parallel' ? '' : (meta.settings.concurrency ?? ''),
    timeoutMs: meta.settings.timeoutMs?.toString() ?? '',
    nodeTimeoutMs: meta.settings.nodeTimeoutMs?.toString() ?? '',
    retry: meta.settings.retry !== undefined,
    maxAttempts: String(meta.settings.retry?.maxAttempts ?? 3),
    backoffMs: String(meta.settings.retry?.backoffMs ?? 1_000),
    factor: String(meta.settings.retry?.factor ?? 2),
    maxBackoffMs: String(meta.settings.retry?.maxBackoffMs ?? 30_000),
  };
  const edit = (patch: Partial<Draft>) => setDraft({ ...d, ...patch });
  const close = () => {
    setDraft(null);
    setErrors({});
    onClose();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = parse(d);
    if (!parsed.success) {
      // One message per field, under it, naming the rule that failed.
      const found: Record<string, string> = {};
      for (const issue of toIssues(parsed.error)) found[issue.path] ??= issue.message;
      setErrors(found);
      return;
    }
    updateMeta(parsed.data);
    close();
  };

  const field = (
    path: string,
    label: string,
    value: string,
    onChange: (v: string) => void,
    hint?: string,
  ) => (
    <label className="block text-sm">
      {label}
      <input
        value={value}
        onChange={(e) => onChange(e.target.value)}
        inputMode={path === 'name' ? undefined : 'numeric'}
        placeholder={hint}
        aria-invalid={errors[path] ? true : undefined}
        aria-describedby={errors[path] ? `settings-${path}-error` : undefined}
        className="mt-1 block w-full rounded-md border border-slate-700 bg-slate-950 px-2 py-1.5 aria-[invalid=true]:border-red-500"
      />
      {errors[path] && (
        <span id={`settings-${path}-error`} className="mt-1 block text-xs text-red-300">
          {errors[path]}
        </span>
      )}
    </label>
  );

  return (
    <Dialog open={open} onClose={close} title="Workflow settings" wide>
      <form onSubmit={submit} className="space-y-3" noValidate>
        {field('name', 'Name', d.name, (name) => edit({ name }))}
        <label className="block text-sm">
          Description
          <textarea
            value={d.description}
            onChange={(e) => edit({ description: e.target.value })}
            rows={2}
            aria-invalid={errors.description ? true : undefined}
            aria-describedby={errors.description ? 'settings-description-error' : undefined}
            className="mt-1 block w-full rounded-md border border-slate-700 bg-slate-950 p-2 aria-[invalid=true]:border-red-500"
          />
          {errors.description && (
            <span id="settings-description-error" className="mt-1 block text-xs text-red-300">
              {errors.description}
            </span>
          )}
        </label>
        <label className="block text-sm">
          When a trigger fires while a run is still going
          <select
            value={d.concurrency}
            onChange={(e) => edit({ concurrency: e.target.value as Draft['concurrency'] })}
            className="mt-1 block w-full rounded-md border border-slate-700 bg-slate-950 px-2 py-1.5"
          >
            {CONCURRENCY.map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </select>
        </label>
        <div className="grid grid-cols-2 gap-3">
          {field(
            'settings.timeoutMs',
            'Run time limit (ms)',
            d.timeoutMs,
            (v) => edit({ timeoutMs: v }),
            'no limit',
          )}
          {field(
            'settings.nodeTimeoutMs',
            'Node time limit (ms)',
            d.nodeTimeoutMs,
            (v) => edit({ nodeTimeoutMs: v }),
            'no limit',
          )}
        </div>
        <fieldset className="rounded-md border border-slate-800 p-3">
          <legend className="px-1 text-sm">Retry failed nodes</legend>
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={d.retry}
              onChange={(e) => edit({ retry: e.target.checked })}
            />
            Retry by default (a node&apos;s own retry setting wins)
          </label>
          {d.retry && (
            <div className="mt-2 grid grid-cols-2 gap-3">
              {field('settings.retry.maxAttempts', 'Attempts', d.maxAttempts, (v) =>
                edit({ maxAttempts: v }),
              )}
              {field('settings.retry.backoffMs', 'First wait (ms)', d.backoffMs, (v) =>
                edit({ backoffMs: v }),
              )}
              {field('settings.retry.factor', 'Wait factor', d.factor, (v) => edit({ factor: v }))}
              {field('settings.retry.maxBackoffMs', 'Longest wait (ms)', d.maxBackoffMs, (v) =>
                edit({ maxBackoffMs: v }),
              )}
            </div>
          )}
        </fieldset>
        <p className="text-xs text-slate-400">Applied to the editor; Save stores a new version.</p>
        <div className="flex justify-end gap-2">
          <Button variant="ghost" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" variant="primary">
            Apply
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
