'use client';
/** Asks before the page is left (closed, reloaded, navigated away) with unsaved changes. */
import { useEffect } from 'react';
import { useEditorStore } from './store-provider';

export function useLeaveGuard() {
  const dirty = useEditorStore((s) => s.dirty);
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);
  return dirty;
}
