'use client';
import { useEmergency } from './use-emergency';

const styles = {
  ALERT: 'border-amber-700 bg-amber-950 text-amber-100',
  HALT: 'border-red-700 bg-red-950 text-red-100',
  SHUTDOWN: 'border-red-600 bg-red-900 text-red-50',
} as const;

/** Under ALERT, HALT or SHUTDOWN: a bar under the header on every page saying why. */
export function EmergencyBanner() {
  const { data } = useEmergency();
  if (!data || data.level === 'NORMAL') return null;
  const what =
    data.level === 'ALERT'
      ? 'Everything runs.'
      : data.level === 'HALT'
        ? 'No new execution starts; running ones are halted.'
        : 'Everything is stopped and workflows are deactivated.';
  return (
    <div
      role="status"
      aria-label="Emergency level"
      className={`border-b px-6 py-2 text-sm ${styles[data.level]}`}
    >
      <div className="mx-auto max-w-6xl">
        <strong>{data.level}</strong>: {data.reason}{' '}
        <span className="opacity-80">
          — {what} Set by {data.setBy}
          {data.rule ? ` (rule ${data.rule})` : ''}, {data.setAt.toLocaleString()}.
        </span>
      </div>
    </div>
  );
}
