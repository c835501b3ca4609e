'use client';
/**
 * Whose keys are they: the canvas's keys (Delete and Backspace remove the selection, C connects)
 * act only while the focus is on the canvas (a node, an edge, the pane) or on nothing at all (the
 * page body), never from a dialog, the inspector, the palette or the toolbar. React Flow listens
 * for its delete keys on the whole document and leaves out text fields only.
 */
import { useEffect, useState } from 'react';

/** Whether a key pressed with `el` in focus is meant for the canvas. */
export function isCanvasKeyTarget(el: Element | null): boolean {
  if (document.querySelector('dialog[open]')) return false;
  if (!el || el === document.body || el === document.documentElement) return true;
  return el.closest('.react-flow') !== null;
}

/** Follows the focus: true while the canvas's keys should act (see isCanvasKeyTarget). */
export function useIsCanvasKeyTarget(): boolean {
  const [isCanvas, setCanvas] = useState(true);
  useEffect(() => {
    setCanvas(isCanvasKeyTarget(document.activeElement));
    const onFocusIn = (e: FocusEvent) => setCanvas(isCanvasKeyTarget(e.target as Element));
    // Focus leaving for nothing (relatedTarget null) lands on the body.
    const onFocusOut = (e: FocusEvent) =>
      setCanvas(isCanvasKeyTarget(e.relatedTarget as Element | null));
    document.addEventListener('focusin', onFocusIn);
    document.addEventListener('focusout', onFocusOut);
    return () => {
      document.removeEventListener('focusin', onFocusIn);
      document.removeEventListener('focusout', onFocusOut);
    };
  }, []);
  return isCanvas;
}
