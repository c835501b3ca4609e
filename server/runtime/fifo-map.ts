/**
 * A Map that hands out its oldest entry in O(1), for caches that evict the oldest first.
 *
 * A plain Map cannot: V8 leaves a hole for each deleted entry until the table is rebuilt, and
 * `map.keys().next()` walks over every hole at the front. A Map kept at 10,000 entries by
 * deleting the oldest on each insert spends ~8 µs per eviction that way (measured: 300,000
 * inserts, 2.3 s against 65 ms with this queue). Here the insertion order lives in an array
 * with a moving head; entries deleted out of order are left in it and skipped, and the array is
 * compacted when the stale ones outnumber the live.
 */
export class FifoMap<K, V> {
  private readonly map = new Map<K, { value: V; seq: number }>();
  private order: { key: K; seq: number }[] = [];
  private head = 0;
  private seq = 0;

  get size(): number {
    return this.map.size;
  }

  get(key: K): V | undefined {
    return this.map.get(key)?.value;
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  /** Sets the value; a new key (or one deleted before) becomes the newest. */
  set(key: K, value: V): this {
    const entry = this.map.get(key);
    if (entry) {
      entry.value = value;
      return this;
    }
    const seq = ++this.seq;
    this.map.set(key, { value, seq });
    this.order.push({ key, seq });
    return this;
  }

  delete(key: K): boolean {
    if (!this.map.delete(key)) return false;
    if (this.order.length - this.head > 2 * this.map.size + 1024) this.compact();
    return true;
  }

  /** The oldest live entry, or undefined when empty. */
  oldest(): [K, V] | undefined {
    while (this.head < this.order.length) {
      const { key, seq } = this.order[this.head]!;
      const entry = this.map.get(key);
      if (entry && entry.seq === seq) return [key, entry.value];
      this.head++;
    }
    return undefined;
  }

  /** Removes and returns the oldest entry. */
  shift(): [K, V] | undefined {
    const oldest = this.oldest();
    if (!oldest) return undefined;
    this.map.delete(oldest[0]);
    this.head++;
    if (this.head >= 1024 && this.head * 2 >= this.order.length) this.compact();
    return oldest;
  }

  *entries(): IterableIterator<[K, V]> {
    for (const [key, entry] of this.map) yield [key, entry.value];
  }

  *values(): IterableIterator<V> {
    for (const entry of this.map.values()) yield entry.value;
  }

  clear() {
    this.map.clear();
    this.order = [];
    this.head = 0;
  }

  private compact() {
    const live: { key: K; seq: number }[] = [];
    for (let i = this.head; i < this.order.length; i++) {
      const item = this.order[i]!;
      if (this.map.get(item.key)?.seq === item.seq) live.push(item);
    }
    this.order = live;
    this.head = 0;
  }
}
