/**
 * Takes screenshots of the main pages against a running server (default http://127.0.0.1:3000)
 * into docs/ (the README's picture) or the folder given: `npx tsx scripts/screenshots.ts [url] [dir]`.
 * Seeds a few workflows through the API first when the list is empty, and a demo workflow whose
 * run the editor screenshots catch half-way (a delay node keeps it running for a moment), in the
 * dark theme and in the light one.
 */
import { mkdir } from 'node:fs/promises';
import { chromium } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../e2e/chromium';
import { apiClient } from '../e2e/fixtures/api';

const baseURL = process.argv[2] ?? 'http://127.0.0.1:3000';
const outDir = process.argv[3] ?? 'docs';

const api = apiClient(baseURL);
if ((await api.workflows.list.query()).length === 0) {
  for (const name of [
    'Cross-venue BTC arbitrage (paper)',
    'GPU marketplace price watcher',
    'Webhook → transform → HTTP',
  ]) {
    await api.workflows.create.mutate({ name });
  }
}
/** A small spread watcher: trigger → mid price → delay → threshold → two logs, plus a counter. */
async function seedDemo(): Promise<string> {
  const wf = await api.workflows.create.mutate({ name: 'BTC spread watcher (paper)' });
  const node = (id: string, type: string, name: string, x: number, y: number, props = {}) => ({
    id,
    type,
    name,
    position: { x, y },
    props,
  });
  const edge = (source: string, sourceHandle: string, target: string) => ({
    id: `${source}-${target}`,
    source,
    sourceHandle,
    target,
    targetHandle: 'in',
  });
  const nodes = [
    node('start', 'manual-trigger', 'Start', 0, 80),
    node('price', 'transform', 'Mid price', 300, 0, {
      expression: '{ "pair": "BTC-USD", "mid": (101.2 + 101.8) / 2 }',
    }),
    node('wait', 'delay', 'Let the book settle', 600, 0, { ms: 3000 }),
    node('check', 'threshold-check', 'Spread check', 900, 0, { threshold: 100, field: 'mid' }),
    node('log', 'log', 'Log above', 1200, -60, { message: 'above' }),
    node('low', 'log', 'Log below', 1200, 100, { message: 'below' }),
    node('count', 'counter', 'Count runs', 300, 200),
  ];
  const edges = [
    edge('start', 'out', 'price'),
    edge('price', 'out', 'wait'),
    edge('wait', 'out', 'check'),
    edge('check', 'above', 'log'),
    edge('check', 'below', 'low'),
    edge('start', 'out', 'count'),
  ];
  await api.workflows.save.mutate({ workflow: { ...wf, nodes, edges } });
  return wf.id;
}

await mkdir(outDir, { recursive: true });
const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
const page = await browser.newPage({ viewport: { width: 1280, height: 720 }, colorScheme: 'dark' });
await page.goto(baseURL);
await page.getByRole('table').waitFor();
await page.screenshot({ path: `${outDir}/home.png` });
await page.getByRole('button', { name: 'New workflow' }).click();
await page.screenshot({ path: `${outDir}/new-workflow.png` });
await page.keyboard.press('Escape');
await page.setViewportSize({ width: 1440, height: 860 });
const demo = await seedDemo();
await page.goto(`${baseURL}/workflows/${demo}`);
await page.locator('[data-node-id="price"]').click();
await page.getByRole('button', { name: 'Run', exact: true }).click();
await page.locator('[data-node-id="wait"][data-status="running"]').waitFor();
await page.screenshot({ path: `${outDir}/editor-running.png` });
await page.locator('[data-node-id="log"][data-status="succeeded"]').waitFor({ timeout: 15_000 });
await page.screenshot({ path: `${outDir}/editor-done.png` });
// The light theme, as a browser that prefers it sees the editor (no choice stored yet).
const light = await browser.newPage({
  viewport: { width: 1440, height: 860 },
  colorScheme: 'light',
});
await light.goto(`${baseURL}/workflows/${demo}`);
await light.locator('[data-node-id="check"]').click();
await light.getByRole('button', { name: 'Run', exact: true }).click();
await light.locator('[data-node-id="wait"][data-status="running"]').waitFor();
await light.screenshot({ path: `${outDir}/editor-running-light.png` });
await browser.close();
console.log(`screenshots in ${outDir}/`);
