'use client';
/**
 * Copy (Ctrl/Cmd+C), paste (Ctrl/Cmd+V) and duplicate (Ctrl/Cmd+D) of the selected nodes,
 * through the system clipboard as workflow JSON, so they also travel between tabs. When the
 * browser refuses clipboard access, the last copy of this tab is pasted instead.
 */
import { useMemo, useRef } from 'react';
import { copySelection, instantiate, parseFragment, type Fragment } from './clipboard';
import { useEditorStoreApi } from './store-provider';

const STEP = 32;

export function useClipboard() {
  const store = useEditorStoreApi();
  const last = useRef<{ fragment: Fragment; pastes: number } | null>(null);

  return useMemo(() => {
    const paste = (fragment: Fragment, times: number) =>
      store.getState().insert(instantiate(fragment, { x: STEP * times, y: STEP * times }));

    return {
      copy() {
        const fragment = copySelection(store.getState());
        if (!fragment) return;
        last.current = { fragment, pastes: 0 };
        void navigator.clipboard?.writeText(JSON.stringify(fragment, null, 2)).catch(() => {});
      },
      async paste() {
        let fragment: Fragment | null = null;
        try {
          const text = await navigator.clipboard.readText();
          fragment = parseFragment(text, store.getState().catalog);
        } catch {
          // Clipboard read refused (permissions, insecure origin): fall back to this tab's copy.
        }
        const own = last.current;
        const isOwn =
          own !== null &&
          (fragment === null || JSON.stringify(fragment) === JSON.stringify(own.fragment));
        if (isOwn) {
          own.pastes += 1;
          paste(own.fragment, own.pastes);
        } else if (fragment) paste(fragment, 1);
      },
      duplicate() {
        const fragment = copySelection(store.getState());
        if (fragment) paste(fragment, 1);
      },
    };
  }, [store]);
}
