/**
 * The editor at scale, in Chromium against the production build (`npm run build` first): opens a
 * 1,000-node, 1,200-edge workflow and prints when its nodes and edges show and how long a click
 * takes to select a node, then drags one node and counts the node views that re-rendered (0: the
 * drag moves React Flow's wrapper, and no other node is touched).
 * Starts its own server (e2e/serve.mjs: fresh PGlite) on BENCH_PORT (default 3199).
 */
import { spawn } from 'node:child_process';
import { chromium } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../e2e/chromium';
import { apiClient } from '../e2e/fixtures/api';
import { bigEditorGraph } from './editor-graph';
import { report, type Figure } from './report';

const port = Number(process.env.BENCH_PORT ?? 3199);
const baseURL = `http://127.0.0.1:${port}`;

async function startServer() {
  const server = spawn('node', ['e2e/serve.mjs'], {
    env: { ...process.env, PORT: String(port), HOSTNAME: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 600; i++) {
    if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}`);
    const ok = await fetch(`${baseURL}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return server;
    await new Promise((r) => setTimeout(r, 100));
  }
  server.kill();
  throw new Error('server did not become healthy in 60 s');
}

// Page scripts as text: tsx would otherwise wrap named functions in a helper the page lacks.
/** When the 1,000 nodes are in the DOM, when they all show, and when the 1,200 edges are drawn. */
const OPEN_TIMES = `new Promise((resolve) => {
  const times = {};
  const tick = () => {
    const nodes = document.querySelectorAll('.react-flow__node');
    if (nodes.length === 1000) {
      times.drawn ??= Math.round(performance.now());
      if (getComputedStyle(nodes[999]).visibility === 'visible')
        times.shown ??= Math.round(performance.now());
      if (times.shown && document.querySelectorAll('.react-flow__edge').length === 1200) {
        times.edges = Math.round(performance.now());
        return resolve(times);
      }
    }
    requestAnimationFrame(tick);
  };
  tick();
})`;
/** Clicks a node and returns the ms until the inspector shows it (the next frame drawn). */
const selectTime = (nodeId: string) => `new Promise((resolve) => {
  const nodeId = ${JSON.stringify(nodeId)};
  const start = performance.now();
  document.querySelector('[data-node-id="' + nodeId + '"]').click();
  const tick = () => {
    const heading = document.querySelector('aside[aria-label="Inspector"] h2');
    if (heading && heading.textContent.endsWith(' ' + nodeId.slice(1))) return resolve(Math.round(performance.now() - start));
    requestAnimationFrame(tick);
  };
  tick();
})`;

export async function run() {
  const server = await startServer();
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  try {
    const api = apiClient(baseURL);
    const created = await api.workflows.create.mutate({ name: 'Big graph' });
    const graph = bigEditorGraph(created.id);
    await api.workflows.save.mutate({ workflow: { ...created, ...graph } });
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await page.addInitScript(() => {
      window.__flowdeckRenders = {};
    });
    // A first visit warms the server's page cache and the browser's code cache, as a user's would.
    await page.goto(`${baseURL}/workflows/${created.id}`);
    await page.waitForFunction(
      () => document.querySelectorAll('[data-node-id]').length === 1000,
      null,
      { timeout: 60_000 },
    );

    // In-page clocks (ms since navigation start), so the figures leave out the test driver.
    await page.reload();
    const open = (await page.evaluate(OPEN_TIMES)) as {
      drawn: number;
      shown: number;
      edges: number;
    };
    const select = (await page.evaluate(selectTime('n1'))) as number;
    await page.locator('[data-node-id="n520"]').click();
    const box = (await page.locator('[data-node-id="n520"]').boundingBox())!;
    await page.evaluate(() => (window.__flowdeckRenders = {}));
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await page.mouse.move(x, y);
    await page.mouse.down();
    for (let i = 1; i <= 20; i++) await page.mouse.move(x + i * 5, y + i * 2);
    await page.mouse.up();
    const counts = await page.evaluate(() => window.__flowdeckRenders ?? {});
    const others = Object.keys(counts).filter((id) => id !== 'n520').length;

    const figures: Figure[] = [
      { bench: 'editor open: 1000 nodes in the page', value: open.drawn, unit: 'ms' },
      { bench: 'editor open: nodes shown', value: open.shown, unit: 'ms' },
      { bench: 'editor open: edges drawn (graph complete)', value: open.edges, unit: 'ms' },
      { bench: 'select a node (click to inspector)', value: select, unit: 'ms' },
      { bench: 'drag of one node: its view re-rendered', value: counts.n520 ?? 0, unit: 'times' },
      { bench: 'drag of one node: other nodes re-rendered', value: others, unit: 'nodes' },
    ];
    report(figures);
  } finally {
    await browser.close();
    server.kill('SIGTERM');
  }
}
