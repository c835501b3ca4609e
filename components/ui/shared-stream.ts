'use client';
/**
 * Page-wide server-sent event streams (the emergency level, approvals) opened once per browser,
 * not once per tab. Browsers allow six connections per host over HTTP/1.1 and each open stream
 * holds one, so two tabs with two streams each plus an editor's own streams would stall every
 * other request. One tab holds a Web Lock per stream URL and runs the EventSource; it hands the
 * events to the other tabs over a BroadcastChannel. When that tab closes, its lock is released
 * and a waiting tab takes over. Without Web Locks (a page served over plain http from another
 * host is not a secure context) each tab opens its own EventSource.
 *
 * Events sent while the stream changes hands are lost: listeners also get an `open` event when a
 * stream (re)connects, and refetch then.
 */

export type StreamListener = (type: string, data: string) => void;

type Stream = { listeners: Set<StreamListener>; stop: () => void };
const streams = new Map<string, Stream>();

function openSource(url: string, types: readonly string[], emit: StreamListener) {
  const source = new EventSource(url);
  source.addEventListener('open', () => emit('open', ''));
  for (const type of types)
    source.addEventListener(type, (m: MessageEvent<string>) => emit(type, m.data));
  return () => source.close();
}

function start(url: string, types: readonly string[], emit: StreamListener): () => void {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks || typeof BroadcastChannel === 'undefined') return openSource(url, types, emit);
  const name = `flowdeck:${url}`;
  const channel = new BroadcastChannel(name);
  channel.onmessage = (e: MessageEvent<{ type: string; data: string }>) =>
    emit(e.data.type, e.data.data);
  const stopped = new AbortController();
  locks
    .request(name, { signal: stopped.signal }, () => {
      if (stopped.signal.aborted) return;
      const close = openSource(url, types, (type, data) => {
        emit(type, data);
        channel.postMessage({ type, data });
      });
      // Held until this tab stops listening (or closes, which releases it too).
      return new Promise<void>((release) =>
        stopped.signal.addEventListener('abort', () => {
          close();
          release();
        }),
      );
    })
    .catch(() => {
      // Aborted while waiting for the lock: this tab no longer listens.
    });
  return () => {
    stopped.abort();
    channel.close();
  };
}

/** Listens to the stream at `url` (the event `types` and `open`); returns the unsubscribe. */
export function subscribeStream(
  url: string,
  types: readonly string[],
  listener: StreamListener,
): () => void {
  let stream = streams.get(url);
  if (!stream) {
    const listeners = new Set<StreamListener>();
    const stop = start(url, types, (type, data) => {
      for (const l of listeners) l(type, data);
    });
    stream = { listeners, stop };
    streams.set(url, stream);
  }
  const s = stream;
  s.listeners.add(listener);
  return () => {
    s.listeners.delete(listener);
    if (s.listeners.size === 0) {
      s.stop();
      streams.delete(url);
    }
  };
}
