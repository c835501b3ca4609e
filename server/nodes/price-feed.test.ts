import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createMemoryState } from '../runtime/state';
import { propIssues } from '../testing/prop-issues';
import { runNodeForTest } from '../testing/run-node';
import type { Quote } from '../trading/types';
import priceFeed from './price-feed';

type Out = Quote & { mid: number; ts: number; step: number };
type Props = z.input<typeof priceFeed.props>;

async function walk(n: number, props: Props, state = createMemoryState(), nodeId = 'feed') {
  const out: Out[] = [];
  for (let i = 0; i < n; i++) {
    const r = await runNodeForTest(priceFeed, { props, state, execution: { nodeId } });
    out.push(r.outputs.out as Out);
  }
  return out;
}

describe('price-feed (gbm)', () => {
  it('emits a quote around the mid with the spread, symbol and venue', async () => {
    const [q] = await walk(1, {
      symbol: 'ETH-USD',
      venue: 'x',
      initialPrice: 3_000,
      spreadBps: 10,
    });
    expect(q).toMatchObject({ symbol: 'ETH-USD', venue: 'x', step: 1 });
    expect((q!.ask - q!.bid) / q!.mid).toBeCloseTo(0.001, 6);
    expect(Math.abs(q!.mid / 3_000 - 1)).toBeLessThan(0.01);
  });

  it('is deterministic per seed and continues the path across runs from its stored state', async () => {
    const whole = await walk(6, { seed: 9 });
    const state = createMemoryState();
    const first = await walk(3, { seed: 9 }, state);
    // A later execution (another process: only the state is shared) continues the same path.
    const rest = await walk(3, { seed: 9 }, createMemoryState(Object.fromEntries(state.entries)));
    expect([...first, ...rest].map((q) => q.mid)).toEqual(whole.map((q) => q.mid));
    expect(rest.map((q) => q.step)).toEqual([4, 5, 6]);
    const other = await walk(6, { seed: 10 });
    expect(other.map((q) => q.mid)).not.toEqual(whole.map((q) => q.mid));
  });

  it('keeps one walk per node: two feeds in one workflow do not share a step counter', async () => {
    const state = createMemoryState();
    await walk(3, {}, state, 'a');
    const [b] = await walk(1, {}, state, 'b');
    expect(b!.step).toBe(1);
  });

  it('gives two venues with one seed the same path plus each its own noise', async () => {
    const a = await walk(50, { venue: 'a', seed: 3, noiseBps: 5, spreadBps: 0 });
    const b = await walk(50, { venue: 'b', seed: 3, noiseBps: 5, spreadBps: 0 });
    const gaps = a.map((q, i) => (q.mid / b[i]!.mid - 1) * 10_000);
    expect(Math.max(...gaps.map(Math.abs))).toBeLessThan(50); // tied to one path
    expect(new Set(gaps.map((g) => g.toFixed(3))).size).toBeGreaterThan(40); // but not equal
  });

  it('has a volatility that matches its annualised setting', async () => {
    const qs = await walk(400, { volatility: 0.8, stepSeconds: 86_400, spreadBps: 0, seed: 5 });
    const returns = qs.slice(1).map((q, i) => Math.log(q.mid / qs[i]!.mid));
    const mean = returns.reduce((s, r) => s + r, 0) / returns.length;
    const sd = Math.sqrt(returns.reduce((s, r) => s + (r - mean) ** 2, 0) / returns.length);
    expect(sd * Math.sqrt(365)).toBeGreaterThan(0.7);
    expect(sd * Math.sqrt(365)).toBeLessThan(0.9);
  });

  it('starts again when the seed changes (a live edit)', async () => {
    const state = createMemoryState();
    await walk(5, { seed: 1 }, state);
    const [q] = await walk(1, { seed: 2 }, state);
    expect(q!.step).toBe(1);
  });

  it('refuses impossible props', () => {
    expect(propIssues(priceFeed, { initialPrice: 0 })).toEqual(['initialPrice: must be > 0']);
    expect(propIssues(priceFeed, { volatility: -1 })[0]).toMatch(/^volatility:/);
    expect(propIssues(priceFeed, { file: '../secrets.csv' })[0]).toMatch(
      /^file: must be a relative/,
    );
    expect(propIssues(priceFeed, { symbol: 'BTC USD' })[0]).toMatch(/^symbol:/);
  });
});

describe('price-feed (csv)', () => {
  const csv =
    'timestamp,price,bid,ask\n2024-01-01T00:00:00Z,100\n2024-01-01T00:00:01Z,101,100.9,101.2\n';

  it('replays one row per run, then loops', async () => {
    const qs = await walk(3, { mode: 'csv', csv, spreadBps: 20 });
    expect(qs.map((q) => [q.bid, q.ask])).toEqual([
      [99.9, 100.1],
      [100.9, 101.2],
      [99.9, 100.1],
    ]);
    expect(qs[1]!.ts).toBe(Date.parse('2024-01-01T00:00:01Z'));
  });

  it('ends clearly with onEnd "stop": the "ended" port, every further run', async () => {
    const state = createMemoryState();
    const props = { mode: 'csv' as const, csv, onEnd: 'stop' as const };
    await walk(2, props, state);
    for (let i = 0; i < 2; i++) {
      const r = await runNodeForTest(priceFeed, { props, state, execution: { nodeId: 'feed' } });
      expect(r.outputs).toEqual({ ended: { ended: true, rows: 2 } });
    }
  });

  it('names the line and column of a bad row', async () => {
    await expect(walk(1, { mode: 'csv', csv: '1700000000,100\n1700000001,abc' })).rejects.toThrow(
      'csv line 2: price is not valid: "abc"',
    );
    await expect(walk(1, { mode: 'csv', csv: '1700000000,100,101,99' })).rejects.toThrow(
      'csv line 1: bid 101 is above ask 99',
    );
    await expect(walk(1, { mode: 'csv' })).rejects.toThrow('CSV mode needs the CSV text or a file');
  });

  describe('from a file under the data directory', () => {
    let dir: string;
    const before = process.env.FLOWDECK_DATA_DIR;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'flowdeck-prices-'));
      await mkdir(path.join(dir, 'prices'));
      await writeFile(path.join(dir, 'prices', 'btc.csv'), '1700000000,42000\n1700000060,42010\n');
      process.env.FLOWDECK_DATA_DIR = dir;
    });
    afterAll(async () => {
      if (before === undefined) delete process.env.FLOWDECK_DATA_DIR;
      else process.env.FLOWDECK_DATA_DIR = before;
      await rm(dir, { recursive: true, force: true });
    });

    it('reads it, with epoch seconds as timestamps', async () => {
      const [a, b] = await walk(2, { mode: 'csv', file: 'prices/btc.csv', spreadBps: 0 });
      expect([a!.mid, b!.mid]).toEqual([42_000, 42_010]);
      expect(b!.ts).toBe(1_700_000_060_000);
    });

    it('says so when the file is missing', async () => {
      await expect(walk(1, { mode: 'csv', file: 'prices/none.csv' })).rejects.toThrow(
        'file "prices/none.csv": no such file in the data directory',
      );
    });
  });
});
