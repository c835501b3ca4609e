'use client';
/**
 * "New from template": the ready-made workflows (`templates.list`) with what each does; the
 * chosen one becomes a new workflow under the given name and its editor opens.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useId, useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { useTRPC } from '@/lib/trpc/client';

export function TemplateDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      wide
      title="New from template"
      description="Start from a workflow that already works; change anything afterwards."
    >
      {open && <TemplateForm onClose={onClose} />}
    </Dialog>
  );
}

/** The template's name, or "name 2", "name 3"… when a workflow already has it. */
function freeName(name: string, taken: Set<string>) {
  if (!taken.has(name)) return name;
  for (let i = 2; ; i++) if (!taken.has(`${name} ${i}`)) return `${name} ${i}`;
}

function TemplateForm({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const id = useId();
  const templates = useQuery(trpc.templates.list.queryOptions());
  const workflows = useQuery(trpc.workflows.list.queryOptions());
  const [chosen, setChosen] = useState<string | null>(null);
  const [name, setName] = useState('');
  const create = useMutation(
    trpc.workflows.createFromTemplate.mutationOptions({
      onSuccess: async (wf) => {
        await queryClient.invalidateQueries({ queryKey: trpc.workflows.pathKey() });
        router.push(`/workflows/${encodeURIComponent(wf.id)}`);
      },
    }),
  );

  const choose = (templateId: string, templateName: string) => {
    setChosen(templateId);
    setName(freeName(templateName, new Set(workflows.data?.map((w) => w.name))));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (chosen && name.trim()) create.mutate({ templateId: chosen, name: name.trim() });
  };

  if (templates.isPending) return <p className="text-sm text-slate-400">Loading templates…</p>;
  if (templates.isError)
    return (
      <p role="alert" className="text-sm text-red-300">
        Could not load the templates: {templates.error.message}
      </p>
    );
  return (
    <form onSubmit={submit} className="space-y-4">
      <fieldset>
        <legend className="sr-only">Template</legend>
        <div className="max-h-80 space-y-2 overflow-y-auto pr-1">
          {templates.data.map((t) => (
            <label
              key={t.id}
              className={`flex cursor-pointer gap-3 rounded-lg border p-3 transition-colors ${
                chosen === t.id
                  ? 'border-sky-500 bg-sky-950/50'
                  : 'border-slate-700 hover:border-slate-500 hover:bg-slate-800/60'
              }`}
            >
              <input
                type="radio"
                name="template"
                value={t.id}
                checked={chosen === t.id}
                onChange={() => choose(t.id, t.name)}
                aria-describedby={`${id}-${t.id}`}
                className="mt-1 accent-sky-500"
              />
              <span>
                <span className="block text-sm font-medium text-slate-50">{t.name}</span>
                <span id={`${id}-${t.id}`} className="mt-0.5 block text-xs text-slate-400">
                  {t.description} · {t.nodeCount} nodes
                </span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="space-y-1.5">
        <label htmlFor={`${id}-name`} className="block text-sm font-medium text-slate-200">
          Name
        </label>
        <input
          id={`${id}-name`}
          value={name}
          maxLength={200}
          disabled={!chosen}
          onChange={(e) => setName(e.target.value)}
          placeholder="Choose a template first"
          className="block h-9 w-full rounded-md border border-slate-600 bg-slate-950 px-3 text-sm text-slate-100 placeholder:text-slate-500 disabled:opacity-50"
        />
      </div>
      {create.error && (
        <p role="alert" className="text-sm text-red-300">
          Could not create it: {create.error.message}
        </p>
      )}
      <div className="flex justify-end gap-2">
        <Button variant="ghost" onClick={onClose}>
          Cancel
        </Button>
        <Button
          type="submit"
          variant="primary"
          disabled={!chosen || !name.trim() || create.isPending}
        >
          {create.isPending ? 'Creating…' : 'Create and open'}
        </Button>
      </div>
    </form>
  );
}
