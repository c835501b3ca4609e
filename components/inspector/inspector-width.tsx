'use client';
/**
 * The inspector's width, which the user sets by dragging its left edge (or with the arrow keys on
 * it) and which is kept for later visits (localStorage): nested lists and records need room that
 * a narrow window cannot always give.
 */
import { useSyncExternalStore, type KeyboardEvent, type PointerEvent } from 'react';

const STORAGE_KEY = 'flowdeck.inspector-width';
export const INSPECTOR_WIDTH = { min: 280, initial: 360, max: 640 } as const;
const KEY_STEP = 16;

const listeners = new Set<() => void>();
const clamp = (w: number) =>
  Math.round(Math.min(INSPECTOR_WIDTH.max, Math.max(INSPECTOR_WIDTH.min, w)));

function read(): number {
  try {
    const stored = Number(localStorage.getItem(STORAGE_KEY));
    return stored > 0 ? clamp(stored) : INSPECTOR_WIDTH.initial;
  } catch {
    return INSPECTOR_WIDTH.initial;
  }
}

function setWidth(width: number) {
  try {
    localStorage.setItem(STORAGE_KEY, String(clamp(width)));
  } catch {
    // storage refused (private mode): the width lasts until the next render from storage
  }
  for (const l of listeners) l();
}

function subscribe(onChange: () => void) {
  listeners.add(onChange);
  // Another tab that resizes its inspector resizes this one too.
  window.addEventListener('storage', onChange);
  return () => {
    listeners.delete(onChange);
    window.removeEventListener('storage', onChange);
  };
}

/** The inspector's width in pixels; re-renders when it changes. */
export function useInspectorWidth(): number {
  return useSyncExternalStore(subscribe, read, () => INSPECTOR_WIDTH.initial);
}

/** The draggable left edge of the inspector: a vertical separator the keyboard can move too. */
export function InspectorResizer({ width }: { width: number }) {
  function onPointerDown(e: PointerEvent<HTMLDivElement>) {
    if (e.button !== 0) return;
    e.preventDefault();
    const handle = e.currentTarget;
    const [startX, startWidth] = [e.clientX, width];
    handle.setPointerCapture(e.pointerId);
    const move = (m: globalThis.PointerEvent) => setWidth(startWidth + startX - m.clientX);
    const end = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', end);
      handle.removeEventListener('pointercancel', end);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', end);
    handle.addEventListener('pointercancel', end);
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const next = {
      ArrowLeft: width + KEY_STEP,
      ArrowRight: width - KEY_STEP,
      Home: INSPECTOR_WIDTH.min,
      End: INSPECTOR_WIDTH.max,
    }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    setWidth(next);
  }

  return (
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label="Inspector width"
      aria-valuemin={INSPECTOR_WIDTH.min}
      aria-valuemax={INSPECTOR_WIDTH.max}
      aria-valuenow={width}
      tabIndex={0}
      title="Drag to resize the inspector (or ← → with the focus here); double-click for the usual width"
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
      onDoubleClick={() => setWidth(INSPECTOR_WIDTH.initial)}
      className="absolute inset-y-0 -left-1 z-10 w-2 cursor-col-resize touch-none outline-none hover:bg-sky-500/40 focus-visible:bg-sky-500/60 active:bg-sky-500/60"
    />
  );
}
