import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RuntimeEvent } from '@/lib/events';
import { testEvent } from '../../testing/event-buses';
import { createMemoryEventBus } from './memory';

/**
 * The memory bus's retention against a plain model of its rules: each backlog keeps its last
 * `backlogLimit` events; over all executions at most `maxRetainedEvents`, the oldest executions
 * dropped first (the one being appended to moves to the back instead); a backlog is dropped
 * `retainAfterEndMs` after its terminal event unless a later event revived it.
 */
class Model {
  order: string[] = [];
  counts = new Map<string, number>();
  endedAt = new Map<string, number>();
  seqs = new Map<string, number>();

  constructor(
    private readonly limit: number,
    private readonly max: number,
    private readonly retainMs: number,
  ) {}

  get total() {
    let n = 0;
    for (const c of this.counts.values()) n += c;
    return n;
  }

  drop(id: string) {
    this.order = this.order.filter((x) => x !== id);
    this.counts.delete(id);
    this.endedAt.delete(id);
  }

  publish(id: string, terminal: boolean, now: number) {
    if (!this.counts.has(id)) {
      this.order.push(id);
      this.counts.set(id, 0);
    }
    this.counts.set(id, Math.min(this.limit, this.counts.get(id)! + 1));
    if (terminal) this.endedAt.set(id, now);
    else this.endedAt.delete(id);
    while (this.total > this.max) {
      const oldest = this.order[0]!;
      if (oldest === id) this.order.push(this.order.shift()!);
      else this.drop(oldest);
    }
  }

  expire(now: number) {
    for (const [id, at] of [...this.endedAt]) if (at + this.retainMs <= now) this.drop(id);
  }
}

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('memory bus retention', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  async function check(limit: number, max: number, keeper: boolean, endChance: number) {
    vi.useFakeTimers({ now: 1_000_000 });
    const retainMs = 1_000;
    const bus = createMemoryEventBus({
      backlogLimit: limit,
      maxRetainedEvents: max,
      retainAfterEndMs: retainMs,
      retainUnwatched: true,
    });
    const model = new Model(limit, max, retainMs);
    const random = rng(7);
    const publish = (id: string, terminal: boolean) => {
      const seq = (model.seqs.get(id) ?? 0) + 1;
      model.seqs.set(id, seq);
      const extra: Partial<RuntimeEvent> = terminal
        ? { type: 'execution_completed', durationMs: 1, output: null }
        : {};
      bus.publish(testEvent(id, 'wf', seq, extra));
      model.publish(id, terminal, Date.now());
    };
    // A keeper never ends: the oldest entry stays alive while younger ones expire behind it.
    if (keeper) publish('keeper', false);
    // Executions come and go over a window, so old ones end, expire, or are pushed out.
    let newest = 0;
    for (let step = 0; step < 20_000; step++) {
      if (random() < 0.3) newest++;
      const id = `ex${Math.max(0, newest - Math.floor(random() * 40))}`;
      publish(id, random() < endChance);
      if (random() < 0.05) {
        await vi.advanceTimersByTimeAsync(Math.floor(random() * 400));
        model.expire(Date.now());
      }
      if (step % 97 === 0) {
        const stats = bus.stats();
        expect(stats.retainedExecutions, `step ${step}`).toBe(model.counts.size);
        expect(stats.retainedEvents, `step ${step}`).toBe(model.total);
        for (const known of [id, model.order[0], model.order[1], `ex${newest - 45}`])
          if (known)
            expect((await bus.backlog(known)).length, `${known} at step ${step}`).toBe(
              model.counts.get(known) ?? 0,
            );
      }
    }
    // Then a burst, with no time passing: the cap pushes out the oldest, whatever came before.
    for (let i = 1; i <= 200; i++)
      for (let j = 0; j < limit; j++) {
        publish(`burst${i}`, false);
        expect(bus.stats().retainedEvents).toBe(model.total);
      }
    expect(bus.stats().retainedExecutions).toBe(model.counts.size);
    for (const id of model.order) expect((await bus.backlog(id)).length).toBe(model.counts.get(id));
    await bus.close();
  }

  it('keeps what its rules say over many executions, ends, revivals and expiries', async () => {
    await check(5, 60, false, 0.2);
  });

  it('stays right when executions expire behind one that never ends', async () => {
    await check(5, 600, true, 0.9);
  });
});

describe('memory bus: what it retains', () => {
  it("keeps an execution's events once it or its workflow is watched, and for a while after", async () => {
    const bus = createMemoryEventBus({ retainAfterEndMs: 50 });
    // No one watches: nothing could ever read these, so nothing is kept (nor previewed).
    bus.publish(testEvent('x', 'wf', 1));
    expect(await bus.backlog('x')).toEqual([]);
    expect(bus.watches('x', 'wf')).toBe(false);

    const leave = new AbortController();
    const canvas = bus.subscribe({ workflowId: 'wf' }, { signal: leave.signal });
    await canvas.ready;
    expect(bus.watches('x', 'wf')).toBe(true);
    bus.publish(testEvent('x', 'wf', 2));
    leave.abort();
    // The watcher left: it may come back with its Last-Event-ID, so what follows is kept.
    bus.publish(testEvent('x', 'wf', 3));
    expect((await bus.backlog('x')).map((e) => e.seq)).toEqual([2, 3]);
    // So is a run of the workflow that starts soon after (its canvas may reconnect).
    bus.publish(testEvent('y', 'wf', 1));
    expect(await bus.backlog('y')).toHaveLength(1);
    // Not one that starts once the workflow has gone unwatched for retainAfterEndMs.
    await new Promise((r) => setTimeout(r, 80));
    bus.publish(testEvent('z', 'wf', 1));
    expect(await bus.backlog('z')).toEqual([]);
    expect(bus.watches('z', 'wf')).toBe(false);
    await bus.close();
  });

  it('keeps every execution with retainUnwatched', async () => {
    const bus = createMemoryEventBus({ retainUnwatched: true });
    bus.publish(testEvent('x', 'wf', 1));
    expect(await bus.backlog('x')).toHaveLength(1);
    expect(bus.watches('z', 'other')).toBe(true);
    await bus.close();
  });
});
