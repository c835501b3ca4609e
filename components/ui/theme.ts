'use client';
/**
 * Light and dark themes. The theme is `data-theme` on <html>: the one the user chose (kept in
 * localStorage), else the system's (`prefers-color-scheme`), following it while it changes.
 * THEME_SCRIPT runs in <head> before the first paint, so no page flashes the wrong theme.
 */
import { useSyncExternalStore } from 'react';

export type Theme = 'light' | 'dark';

export const THEME_STORAGE_KEY = 'flowdeck-theme';

/** Inline in <head>: sets data-theme from the stored choice or the system, and follows the system. */
export const THEME_SCRIPT = `(function(){try{var k=${JSON.stringify(THEME_STORAGE_KEY)};var m=matchMedia('(prefers-color-scheme: light)');var apply=function(){var s=localStorage.getItem(k);document.documentElement.dataset.theme=s==='light'||s==='dark'?s:m.matches?'light':'dark';};apply();m.addEventListener('change',apply);}catch(e){}})();`;

function subscribe(onChange: () => void) {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}

const current = (): Theme =>
  document.documentElement.dataset.theme === 'light' ? 'light' : 'dark';

/** The theme in force; re-renders when it changes. */
export function useTheme(): Theme {
  return useSyncExternalStore(subscribe, current, () => 'dark');
}

/** Switches to a theme and keeps the choice for later visits. */
export function setTheme(theme: Theme) {
  document.documentElement.dataset.theme = theme;
  try {
    localStorage.setItem(THEME_STORAGE_KEY, theme);
  } catch {
    // storage refused (private mode): the choice lasts this page only
  }
}
