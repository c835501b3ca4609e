'use client';
/**
 * Keyboard shortcuts of the editor: Ctrl/Cmd+S saves (even from a field), Ctrl/Cmd+Z undoes,
 * Ctrl/Cmd+Shift+Z or Ctrl+Y redoes, Ctrl/Cmd+C/V/D copy, paste and duplicate, Ctrl/Cmd+A
 * selects every node and edge, C (no modifier) connects an output of the node in focus, or else
 * of the one selected node, from the keyboard, and Delete or Backspace removes the selection, both
 * only while the focus is on the canvas (canvas-focus.ts). Editing keys are left to text fields
 * and dialogs.
 */
import { useEffect } from 'react';
import { isCanvasKeyTarget } from './canvas-focus';
import type { EditorStore } from './store';
import { useEditorStoreApi } from './store-provider';

export type ShortcutHandlers = {
  save(): void;
  undo(): void;
  redo(): void;
  copy?(): void;
  paste?(): void;
  duplicate?(): void;
  /** C: opens the keyboard connect dialog for this node. */
  connect?(nodeId: string): void;
  /** Delete or Backspace: removes the selected nodes and edges. */
  remove?(): void;
};

function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

function actionFor(key: string, shift: boolean, h: ShortcutHandlers) {
  switch (key) {
    case 'z':
      return shift ? h.redo : h.undo;
    case 'y':
      return h.redo;
    case 'c':
      return h.copy;
    case 'v':
      return h.paste;
    case 'd':
      return h.duplicate;
    default:
      return undefined;
  }
}

/** The node a plain C connects: the canvas node in focus, else the only selected node. */
function nodeToConnect(store: EditorStore): string | null {
  const focused = document.activeElement?.closest('.react-flow__node');
  const id = focused?.getAttribute('data-id');
  if (id) return id;
  const selected = store.getState().nodes.filter((n) => n.selected);
  return selected.length === 1 ? selected[0]!.id : null;
}

function selectAll(store: EditorStore) {
  const s = store.getState();
  s.onNodesChange(s.nodes.map((n) => ({ type: 'select', id: n.id, selected: true })));
  s.onEdgesChange(s.edges.map((e) => ({ type: 'select', id: e.id, selected: true })));
}

export function useEditorShortcuts(handlers: ShortcutHandlers) {
  const store = useEditorStoreApi();
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      const plain = !(event.ctrlKey || event.metaKey || event.altKey || event.shiftKey);
      if (plain && (event.key === 'Delete' || event.key === 'Backspace') && handlers.remove) {
        if (isTextField(event.target) || !isCanvasKeyTarget(document.activeElement)) return;
        event.preventDefault();
        handlers.remove();
        return;
      }
      if (plain && event.key.toLowerCase() === 'c' && handlers.connect) {
        if (!isCanvasKeyTarget(document.activeElement)) return;
        const nodeId = nodeToConnect(store);
        if (!nodeId) return;
        event.preventDefault();
        handlers.connect(nodeId);
        return;
      }
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const key = event.key.toLowerCase();
      if (key === 's') {
        event.preventDefault();
        handlers.save();
        return;
      }
      if (isTextField(event.target) || document.querySelector('dialog[open]')) return;
      const action =
        key === 'a' ? () => selectAll(store) : actionFor(key, event.shiftKey, handlers);
      if (!action) return;
      event.preventDefault();
      action();
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [handlers, store]);
}
