'use client';
import { useEffect, useState } from 'react';
import { EmergencyPanel } from './emergency-panel';
import { useEmergency } from './use-emergency';

/** The red button in the header (Alt+Shift+E opens it too). */
export function EmergencyButton() {
  const [open, setOpen] = useState(false);
  const { data } = useEmergency();

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && e.shiftKey && e.code === 'KeyE') {
        e.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const level = data?.level ?? 'NORMAL';
  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        aria-keyshortcuts="Alt+Shift+E"
        title="Emergency controls (Alt+Shift+E)"
        className="inline-flex h-8 items-center gap-2 rounded-md bg-red-600 px-3 text-sm font-semibold text-white hover:bg-red-500"
      >
        Emergency
        {level !== 'NORMAL' && (
          <span className="rounded bg-white/20 px-1.5 text-xs" data-emergency-level={level}>
            {level}
          </span>
        )}
      </button>
      <EmergencyPanel open={open} onClose={() => setOpen(false)} />
    </>
  );
}
