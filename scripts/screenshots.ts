/**
 * Takes screenshots of the main pages against a running server (default http://127.0.0.1:3000)
 * into docs/ (the README's picture) or the folder given: `npx tsx scripts/screenshots.ts [url] [dir]`.
 * Seeds a few workflows through the API first when the list is empty.
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
await mkdir(outDir, { recursive: true });
const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
await page.goto(baseURL);
await page.getByRole('table').waitFor();
await page.screenshot({ path: `${outDir}/home.png` });
await page.getByRole('button', { name: 'New workflow' }).click();
await page.screenshot({ path: `${outDir}/new-workflow.png` });
await page.keyboard.press('Escape');
const first = (await api.workflows.list.query())[0]!;
await page.goto(`${baseURL}/workflows/${first.id}`);
await page.getByRole('heading', { name: 'Versions' }).waitFor();
await page.screenshot({ path: `${outDir}/workflow.png` });
await browser.close();
console.log(`screenshots in ${outDir}/`);
