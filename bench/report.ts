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

/** Prints the table, then one JSON line per figure. */
export function report(figures: Figure[]) {
  const width = Math.max(...figures.map((f) => f.bench.length));
  for (const f of figures)
    console.log(`${f.bench.padEnd(width)}  ${String(f.value).padStart(10)} ${f.unit}`);
  for (const f of figures) console.log(JSON.stringify(f));
}
