/**
 * Whose keys are they: the canvas's keys (Delete and Backspace remove the selection, C connects)
 * act only while the focus is on the canvas (a node, an edge, the pane) or on nothing at all (the
 * page body), never from a dialog, the inspector, the palette or the toolbar. Asked when the key
 * is pressed. (React Flow's own delete keys listen on the whole document and leave out text
 * fields only; the editor turns them off and deletes through use-editor-shortcuts.ts.)
 */

/** Whether a key pressed with `el` in focus is meant for the canvas. */
export function isCanvasKeyTarget(el: Element | null): boolean {
  if (document.querySelector('dialog[open]')) return false;
  if (!el || el === document.body || el === document.documentElement) return true;
  return el.closest('.react-flow') !== null;
}
