/** Timing helpers and the one output format every benchmark uses. */

export type Figure = { bench: string; value: number; unit: string };

export async function timeMany(
  times: number,
  fn: (i: number) => Promise<unknown>,
): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    await fn(i);
    samples.push(performance.now() - start);
  }
  return samples;
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round(sorted[Math.max(0, index)]! * 100) / 100;
}

/**
 * Prints the table, then one JSON line per figure: `{"bench","value","unit"}`, or with `group`
 * `{"bench": group, "name": figure, "value", "unit"}` (the editor bench).
 */
export function report(figures: Figure[], group?: string) {
  const width = Math.max(...figures.map((f) => f.bench.length));
  for (const f of figures)
    console.log(`${f.bench.padEnd(width)}  ${String(f.value).padStart(10)} ${f.unit}`);
  for (const f of figures)
    console.log(
      JSON.stringify(group ? { bench: group, name: f.bench, value: f.value, unit: f.unit } : f),
    );
}

export function median(samples: number[]): number {
  return percentile(samples, 50);
}

/**
 * The figures of an emergency bench after its HALT trials: the time from `set` returning to the
 * last node start (0 when none), how many trials saw a start, and side-effect starts (goal 0).
 */
export function haltFigures(
  prefix: string,
  where: string,
  trials: number,
  r: { lastStart: number[]; trialsWithStartsAfter: number; sideEffectsAfter: number },
): Figure[] {
  return [
    ...([50, 99, 100] as const).map((p) => ({
      bench: `${prefix}: HALT → last node start${where}, ${p === 100 ? 'max' : `p${p}`}`,
      value: percentile(r.lastStart, p),
      unit: 'ms',
    })),
    {
      bench: `${prefix}: trials with a node start after HALT`,
      value: r.trialsWithStartsAfter,
      unit: `of ${trials}`,
    },
    {
      bench: `${prefix}: side-effect starts after HALT`,
      value: r.sideEffectsAfter,
      unit: `in ${trials} trials`,
    },
  ];
}
