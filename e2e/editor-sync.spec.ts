import { expect, test } from '@playwright/test';
import { nanoid } from 'nanoid';
import type { WorkflowInput } from '../lib/workflow';
import { apiClient } from './fixtures/api';
import { EditorPage } from './pages/editor-page';

test.use({ viewport: { width: 1600, height: 900 } });

/** A workflow saved through the API with the given nodes and edges. */
async function seed(baseURL: string, graph: Pick<WorkflowInput, 'nodes' | 'edges'>) {
  const api = apiClient(baseURL);
  const wf = await api.workflows.create.mutate({ name: `Sync ${nanoid(6)}` });
  await api.workflows.save.mutate({ workflow: { ...wf, ...graph } });
  return wf.id;
}

const at = (x: number, y: number) => ({ x, y });

test('nodes copied in one tab paste into another workflow in a second tab, props and edges included', async ({
  page,
  context,
  baseURL,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const from = await seed(baseURL!, {
    nodes: [
      {
        id: 'a',
        type: 'transform',
        name: 'Shape',
        position: at(0, 0),
        props: { expression: '{ "n": 41 + 1 }' },
      },
      { id: 'b', type: 'log', name: 'Audit', position: at(300, 0), props: { message: 'copied' } },
    ],
    edges: [{ id: 'e', source: 'a', sourceHandle: 'out', target: 'b', targetHandle: 'in' }],
  });
  const to = await seed(baseURL!, { nodes: [], edges: [] });

  const source = new EditorPage(page);
  await source.goto(from);
  await source.canvas.click({ position: { x: 20, y: 20 } });
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('ControlOrMeta+c');

  const tab = await context.newPage();
  await tab.setViewportSize({ width: 1600, height: 900 });
  const target = new EditorPage(tab);
  await target.goto(to);
  await expect(target.nodes).toHaveCount(0);
  await target.canvas.click({ position: { x: 20, y: 20 } });
  await tab.keyboard.press('ControlOrMeta+v');
  // This tab copied nothing itself: what arrives came through the system clipboard.
  await expect(target.nodes).toHaveCount(2);
  await expect(target.edges).toHaveCount(1);
  await expect(tab.getByText('2 nodes of different types selected.')).toBeVisible();
  await target.deselect();
  await target.select('Audit');
  await expect(target.field('Message')).toHaveValue('copied');
  await target.select('Shape');
  await expect(target.field('Expression')).toHaveValue('{ "n": 41 + 1 }');
  await expect(tab.getByText('Unsaved changes')).toBeVisible();
});

test('a run keeps lighting up across reconnects of its event stream, without doubled events', async ({
  page,
  baseURL,
}) => {
  // The e2e server recycles every stream after 5 s (SSE_MAX_STREAM_MS in playwright.config.ts),
  // as a proxy cutting long requests would: the 7 s wait outlives at least one stream.
  const id = await seed(baseURL!, {
    nodes: [
      { id: 'start', type: 'manual-trigger', name: 'Start', position: at(0, 0), props: {} },
      { id: 'wait', type: 'delay', name: 'Wait', position: at(300, 0), props: { ms: 7000 } },
      { id: 'log', type: 'log', name: 'Log', position: at(600, 0), props: {} },
    ],
    edges: [
      { id: 'e1', source: 'start', sourceHandle: 'out', target: 'wait', targetHandle: 'in' },
      { id: 'e2', source: 'wait', sourceHandle: 'out', target: 'log', targetHandle: 'in' },
    ],
  });
  const streams: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/events') && r.url().includes('executionId')) streams.push(r.url());
  });
  const editor = new EditorPage(page);
  await editor.goto(id);
  await editor.run();
  // A wait this long is a durable timer: the node shows "waiting" until it is due.
  await editor.expectStatus('Wait', 'waiting');
  const before = streams.length;

  await editor.expectStatus('Log', 'succeeded');
  await expect(editor.runPanel.getByRole('status')).toHaveText('Succeeded');
  // The stream really was opened again while the run went on.
  expect(streams.length).toBeGreaterThan(before);
  // Each event once: the reconnect resumed after the last event seen (Last-Event-ID).
  for (const type of ['execution_started', 'execution_completed'])
    await expect(editor.runPanel.getByText(type, { exact: true })).toHaveCount(1);
  await expect(editor.runPanel.getByText('node_completed', { exact: true })).toHaveCount(3);
});

test('the workflow is renamed and its settings changed in the editor; a bad value is named under its field', async ({
  page,
  baseURL,
}) => {
  const id = await seed(baseURL!, {
    nodes: [{ id: 'start', type: 'manual-trigger', name: 'Start', position: at(0, 0), props: {} }],
    edges: [],
  });
  const editor = new EditorPage(page);
  await editor.goto(id);
  await page.getByRole('button', { name: 'Workflow settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Workflow settings' });
  await dialog.getByLabel('Name').fill('Order router');
  await dialog.getByLabel('When a trigger fires while a run is still going').selectOption('skip');
  await dialog.getByLabel(/^Retry by default/).check();
  await dialog.getByLabel('Attempts').fill('0');
  await dialog.getByRole('button', { name: 'Apply' }).click();
  // Refused, naming the rule, and nothing changed.
  await expect(dialog.getByLabel('Attempts')).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog).toContainText(/≥ 1/);
  await expect(page.getByRole('heading', { name: 'Order router' })).toHaveCount(0);
  await dialog.getByLabel('Attempts').fill('4');
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Order router' })).toBeVisible();
  await expect(page.getByText('Unsaved changes')).toBeVisible();

  await editor.save();
  await expect(page.getByText('Version 3')).toBeVisible();
  const { workflow } = await apiClient(baseURL!).workflows.get.query({ id });
  expect(workflow).toMatchObject({
    name: 'Order router',
    settings: { concurrency: 'skip', retry: { maxAttempts: 4, backoffMs: 1000, factor: 2 } },
  });
});

test('a save the server refuses marks the node to fix and says why, until it is fixed', async ({
  page,
  baseURL,
}) => {
  const id = await seed(baseURL!, {
    nodes: [
      { id: 'tick', type: 'interval-trigger', name: 'Tick', position: at(0, 0), props: {} },
      { id: 'log', type: 'log', name: 'Log', position: at(300, 0), props: {} },
    ],
    edges: [{ id: 'e', source: 'tick', sourceHandle: 'out', target: 'log', targetHandle: 'in' }],
  });
  const editor = new EditorPage(page);
  await editor.goto(id);
  await editor.select('Tick');
  await editor.field('Interval (ms)').fill('5');
  await page.keyboard.press('ControlOrMeta+s');
  await expect(editor.nodeBody('Tick')).toHaveAttribute('data-save-error', 'true');
  await expect(editor.nodeBody('Tick')).toContainText('Not saved: props.intervalMs: must be ≥ 10');
  await expect(editor.nodeBody('Log')).not.toHaveAttribute('data-save-error');
  await expect(
    editor.inspector.getByRole('alert', { name: 'Why the save was refused' }),
  ).toContainText('props.intervalMs: must be ≥ 10');
  await expect(page.getByText('Unsaved changes')).toBeVisible();

  await editor.field('Interval (ms)').fill('50');
  await expect(editor.nodeBody('Tick')).not.toHaveAttribute('data-save-error');
  await editor.save();
  await expect(page.getByText('Version 3')).toBeVisible();
});
