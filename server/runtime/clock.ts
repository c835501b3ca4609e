/**
 * The current time as a Date, one Date object per millisecond: checkpoints carry a start and a
 * finish time per node run, and at thousands of node runs per second a fresh Date for each (96
 * bytes on the heap, kept as long as the run's record is) was a good part of what the garbage
 * collector copied. A Date from here is shared: never change it in place (nothing in Flowdeck
 * calls its setters; treat it as a value).
 */
let cachedMs = Number.NaN;
let cached = new Date(0);

export function nowDate(): Date {
  const ms = Date.now();
  if (ms !== cachedMs) {
    cachedMs = ms;
    cached = new Date(ms);
  }
  return cached;
}
