'use client';
/**
 * Whose keys are they: the canvas's keys (Delete and Backspace remove the selection, C connects)
 * act only while the focus is on the canvas (a node, an edge, the pane) or on nothing at all (the
 * page body), never from a dialog, the inspector, the palette or the toolbar. React Flow listens
 * for its delete keys on the whole document and leaves out text fields only.
 */
import { useSyncExternalStore } from 'react';

/** Whether a key pressed with `el` in focus is meant for the canvas. */
export function isCanvasKeyTarget(el: Element | null): boolean {
  if (document.querySelector('dialog[open]')) return false;
  if (!el || el === document.body || el === document.documentElement) return true;
  return el.closest('.react-flow') !== null;
}

function subscribe(onChange: () => void) {
  document.addEventListener('focusin', onChange);
  document.addEventListener('focusout', onChange);
  return () => {
    document.removeEventListener('focusin', onChange);
    document.removeEventListener('focusout', onChange);
  };
}

/** Follows the focus: true while the canvas's keys should act (see isCanvasKeyTarget). */
export function useIsCanvasKeyTarget(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => isCanvasKeyTarget(document.activeElement),
    () => true,
  );
}
