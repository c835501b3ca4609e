'use client';
/**
 * One editor store per page, created once in a ref and handed down by context (zustand's
 * Next.js guide): no module-level store, so two tabs or two tests never share state.
 */
import { createContext, useContext, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { Workflow } from '@/lib/workflow';
import { createEditorStore, type EditorActions, type EditorState, type EditorStore } from './store';
import type { Catalog } from './types';

const EditorStoreContext = createContext<EditorStore | null>(null);

export function EditorStoreProvider({
  workflow,
  catalog,
  children,
}: {
  workflow: Workflow;
  catalog: Catalog;
  children: ReactNode;
}) {
  const [store] = useState(() => createEditorStore({ workflow, catalog }));
  return <EditorStoreContext.Provider value={store}>{children}</EditorStoreContext.Provider>;
}

/** The store itself, for event handlers that read state without subscribing to it. */
export function useEditorStoreApi(): EditorStore {
  const store = useContext(EditorStoreContext);
  if (!store) throw new Error('useEditorStore must be used inside <EditorStoreProvider>');
  return store;
}

/**
 * Subscribes to a slice of the editor state; the component re-renders when the slice changes.
 *
 * @example const status = useEditorStore((s) => s.status[nodeId] ?? 'idle');
 */
export function useEditorStore<T>(selector: (state: EditorState & EditorActions) => T): T {
  return useStore(useEditorStoreApi(), selector);
}
