'use client';
/**
 * The emergency panel: the level in force (who, when, why, which rule), the choice of a new level
 * with a required reason (HALT asks once more, SHUTDOWN wants the word typed), and the audit log.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTRPC } from '@/lib/trpc/client';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { useEmergency } from './use-emergency';

const LEVELS = ['NORMAL', 'ALERT', 'HALT', 'SHUTDOWN'] as const;
type Level = (typeof LEVELS)[number];
const HELP: Record<Level, string> = {
  NORMAL: 'Everything runs.',
  ALERT: 'Everything runs; a banner on every page says why.',
  HALT: 'No new execution; running ones pause at the next node; resumable.',
  SHUTDOWN: 'Abort everything now and deactivate every workflow.',
};

type Confirmation = { processes: number; confirmed: number; level: Level };

export function EmergencyPanel({ open, onClose }: { open: boolean; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data: state } = useEmergency();
  const log = useQuery({ ...trpc.emergency.log.queryOptions({ limit: 20 }), enabled: open });
  const [level, setLevel] = useState<Level>('HALT');
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState('');
  const [confirmation, setConfirmation] = useState<Confirmation | null>(null);
  const set = useMutation(
    trpc.emergency.set.mutationOptions({
      onSuccess: ({ confirmation, ...next }) => {
        queryClient.setQueryData(trpc.emergency.get.queryKey(), next);
        setConfirmation(confirmation && { ...confirmation, level: next.level });
        void queryClient.invalidateQueries({ queryKey: trpc.emergency.log.queryKey() });
        setReason('');
        setConfirming(false);
        setTyped('');
      },
    }),
  );

  const needsConfirm = level === 'HALT' && !confirming;
  const blocked = !reason.trim() || (level === 'SHUTDOWN' && typed !== 'SHUTDOWN');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (blocked) return;
    if (needsConfirm) return setConfirming(true);
    set.mutate({ level, reason });
  };

  return (
    <Dialog open={open} onClose={onClose} title="Emergency" role="alertdialog">
      {state && (
        <p className="text-sm" aria-label="Current level">
          Level <strong data-testid="emergency-level">{state.level}</strong>
          {state.version > 0 && (
            <>
              {' '}
              since {state.setAt.toLocaleString()}, by {state.setBy} ({state.source}
              {state.rule ? `, rule ${state.rule}` : ''}): {state.reason}
            </>
          )}
        </p>
      )}
      {confirmation && state?.level === confirmation.level && (
        <p role="status" className="mt-1 text-sm text-slate-300">
          {confirmation.confirmed === confirmation.processes
            ? `${confirmation.level} is in force in every running process (${confirmation.processes}).`
            : `${confirmation.confirmed} of ${confirmation.processes} processes confirmed ${confirmation.level}; the others follow within seconds.`}
        </p>
      )}
      <form onSubmit={submit} className="mt-4 space-y-3">
        <fieldset>
          <legend className="text-sm font-medium">New level</legend>
          {LEVELS.map((l) => (
            <label key={l} className="mt-1 flex items-start gap-2 text-sm">
              <input
                type="radio"
                name="level"
                value={l}
                checked={level === l}
                onChange={() => {
                  setLevel(l);
                  setConfirming(false);
                }}
              />
              <span>
                <strong>{l}</strong> <span className="text-slate-400">{HELP[l]}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <label className="block text-sm">
          Reason
          <textarea
            required
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            className="mt-1 block w-full rounded-md border border-slate-700 bg-slate-950 p-2"
            rows={2}
          />
        </label>
        {level === 'SHUTDOWN' && (
          <label className="block text-sm">
            Type SHUTDOWN to confirm
            <input
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              className="mt-1 block w-full rounded-md border border-slate-700 bg-slate-950 p-2"
            />
          </label>
        )}
        {confirming && (
          <p role="alert" className="text-sm text-red-300">
            Halt every workflow now? Running executions pause at their next node.
          </p>
        )}
        {set.isError && (
          <p role="alert" className="text-sm text-red-300">
            {set.error.message}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <Button variant="ghost" onClick={onClose}>
            Close
          </Button>
          <Button type="submit" variant="danger" disabled={blocked || set.isPending}>
            {confirming ? 'Confirm HALT' : `Set ${level}`}
          </Button>
        </div>
      </form>
      <h3 className="mt-5 text-sm font-medium">Log</h3>
      <ol
        aria-label="Emergency log"
        className="mt-1 max-h-40 space-y-1 overflow-auto text-xs text-slate-300"
      >
        {log.data?.map((row) => (
          <li key={row.id}>
            {row.createdAt.toLocaleString()} — {row.previousLevel} → <strong>{row.level}</strong> by{' '}
            {row.actor} ({row.source}
            {row.rule ? `, rule ${row.rule}` : ''}): {row.reason}
          </li>
        ))}
        {log.data?.length === 0 && <li>No change yet.</li>}
      </ol>
    </Dialog>
  );
}
