import { expect, test } from '@playwright/test';
import { nanoid } from 'nanoid';
import type { WorkflowInput } from '../lib/workflow';
import { apiClient } from './fixtures/api';
import { EditorPage } from './pages/editor-page';

test.use({ viewport: { width: 1600, height: 900 } });

/** Creates a workflow through the API, with the given nodes and edges saved as version 2. */
async function seed(
  baseURL: string,
  graph: Pick<WorkflowInput, 'nodes' | 'edges'> = {},
): Promise<string> {
  const api = apiClient(baseURL);
  const wf = await api.workflows.create.mutate({ name: `Editor ${nanoid(6)}` });
  if (graph.nodes) await api.workflows.save.mutate({ workflow: { ...wf, ...graph } });
  return wf.id;
}

const at = (x: number, y: number) => ({ x, y });

test('build a workflow from the palette, save it, reload it and watch it run', async ({
  page,
  baseURL,
}) => {
  const editor = new EditorPage(page);
  await editor.goto(await seed(baseURL!));
  await expect(page.getByText('Version 1')).toBeVisible();

  await editor.dragFromPalette('Manual Trigger', at(200, 200));
  await editor.dragFromPalette('Transform', at(500, 300));
  await editor.dragFromPalette('Log', at(800, 400));
  await expect(editor.nodes).toHaveCount(3);
  await expect(page.getByText('Unsaved changes')).toBeVisible();

  await editor.connect(['Manual Trigger', 'out'], ['Transform', 'in']);
  await editor.connect(['Transform', 'out'], ['Log', 'in']);
  await expect(editor.edges).toHaveCount(2);

  await editor.select('Transform');
  await editor.field('Expression').fill('{ "total": 2 + 3 }');
  await editor.save();
  await expect(page.getByText('Version 2')).toBeVisible();

  await page.reload();
  await expect(editor.nodes).toHaveCount(3);
  await expect(editor.edges).toHaveCount(2);
  await editor.select('Transform');
  await expect(editor.field('Expression')).toHaveValue('{ "total": 2 + 3 }');

  await editor.run();
  for (const name of ['Manual Trigger', 'Transform', 'Log'])
    await editor.expectStatus(name, 'succeeded');
  await expect(editor.nodeBody('Log')).toContainText('{"total":5}');
  await expect(editor.runPanel.getByRole('status')).toHaveText('Succeeded');
});

test('a failing HTTP node turns red and shows its error', async ({ page, baseURL }) => {
  const id = await seed(baseURL!, {
    nodes: [
      { id: 'start', type: 'manual-trigger', name: 'Start', position: at(0, 0), props: {} },
      {
        id: 'fetch',
        type: 'http-request',
        name: 'Fetch quotes',
        position: at(300, 0),
        props: { url: 'http://127.0.0.1:9/', timeoutMs: 1000 },
      },
      { id: 'log', type: 'log', name: 'Log', position: at(600, 0), props: {} },
    ],
    edges: [
      { id: 'e1', source: 'start', sourceHandle: 'out', target: 'fetch', targetHandle: 'in' },
      { id: 'e2', source: 'fetch', sourceHandle: 'ok', target: 'log', targetHandle: 'in' },
    ],
  });
  const editor = new EditorPage(page);
  await editor.goto(id);
  await editor.run();
  await editor.expectStatus('Start', 'succeeded');
  await editor.expectStatus('Fetch quotes', 'failed');
  await expect(editor.nodeBody('Fetch quotes')).toContainText('127.0.0.1:9');
  await expect(editor.runPanel.getByRole('status')).toHaveText('Failed');

  await editor.select('Fetch quotes');
  await expect(editor.inspector.getByRole('alert')).toContainText('Last run failed');
});

test('an invalid connection is refused with the reason', async ({ page, baseURL }) => {
  const id = await seed(baseURL!, {
    nodes: [
      { id: 'count', type: 'counter', name: 'Count', position: at(0, 0), props: {} },
      { id: 'fields', type: 'set-fields', name: 'Fields', position: at(320, -80), props: {} },
      { id: 'log', type: 'log', name: 'Log', position: at(320, 120), props: {} },
    ],
    edges: [{ id: 'e1', source: 'count', sourceHandle: 'out', target: 'log', targetHandle: 'in' }],
  });
  const editor = new EditorPage(page);
  await editor.goto(id);
  await expect(editor.edges).toHaveCount(1);

  const release = await editor.connect(['Count', 'out'], ['Fields', 'in'], { hold: true });
  const reason = page.getByText('Count “out” gives number, but Fields “in” takes json.');
  await expect(reason).toBeVisible();
  await release();
  await expect(reason).toBeVisible();
  await expect(editor.edges).toHaveCount(1);

  await editor.connect(['Log', 'out'], ['Log', 'in']);
  await expect(page.getByText('A node cannot feed itself.')).toBeVisible();
  await expect(editor.edges).toHaveCount(1);
  await expect(page.getByText('Unsaved changes')).toBeHidden();
});

test('a run that needs an input connected is refused on that node, and runs once it is wired', async ({
  page,
  baseURL,
}) => {
  const id = await seed(baseURL!, {
    nodes: [
      { id: 'start', type: 'manual-trigger', name: 'Start', position: at(0, 0), props: {} },
      {
        id: 'cmp',
        type: 'compare',
        name: 'Above reference',
        position: at(640, 0),
        props: { against: 'input-b', operator: 'eq', field: 'price' },
      },
      {
        id: 'ref',
        type: 'set-fields',
        name: 'Reference',
        position: at(320, 0),
        props: { fields: { price: 5 } },
      },
      { id: 'log', type: 'log', name: 'Log', position: at(960, 0), props: {} },
    ],
    edges: [
      { id: 'e1', source: 'start', sourceHandle: 'out', target: 'ref', targetHandle: 'in' },
      { id: 'e2', source: 'ref', sourceHandle: 'out', target: 'cmp', targetHandle: 'a' },
      { id: 'e3', source: 'cmp', sourceHandle: 'true', target: 'log', targetHandle: 'in' },
    ],
  });
  const editor = new EditorPage(page);
  await editor.goto(id);
  await editor.button('Run').click();
  await expect(
    page.getByText('“Above reference” inputs.b: must be connected (compare needs it)'),
  ).toBeVisible();
  await expect(editor.nodeBody('Above reference')).toHaveAttribute('data-save-error', 'true');
  await expect(editor.nodeBody('Above reference')).toContainText(
    'Cannot run: inputs.b: must be connected (compare needs it)',
  );
  await editor.select('Above reference');
  await expect(
    editor.inspector.getByRole('alert', { name: 'Why the run was refused' }),
  ).toContainText('inputs.b: must be connected');

  // Wiring the port answers it; the run then starts (saving the change first).
  await editor.connect(['Reference', 'out'], ['Above reference', 'b']);
  await expect(editor.nodeBody('Above reference')).not.toHaveAttribute('data-save-error');
  await editor.run();
  await editor.expectStatus('Above reference', 'succeeded');
  await editor.expectStatus('Log', 'succeeded');
});

test('saving an active workflow whose new version cannot fire says so, and the old one keeps answering', async ({
  page,
  baseURL,
}) => {
  const api = apiClient(baseURL!);
  const path = `quotes-${Date.now()}`;
  const id = await seed(baseURL!, {
    nodes: [
      { id: 'hook', type: 'webhook-trigger', name: 'Hook', position: at(0, 0), props: { path } },
      {
        id: 'reply',
        type: 'transform',
        name: 'Reply',
        position: at(320, 0),
        props: { expression: '{ "got": input.body.size * 2 }' },
      },
    ],
    edges: [{ id: 'e', source: 'hook', sourceHandle: 'out', target: 'reply', targetHandle: 'in' }],
  });
  await api.runtime.activate.mutate({ workflowId: id });
  const ask = async () => {
    const res = await fetch(`${baseURL}/api/hooks/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ size: 5 }),
    });
    return res.json();
  };
  try {
    const editor = new EditorPage(page);
    await editor.goto(id);
    // The trigger removed: the new version has nothing to fire it.
    await editor.select('Hook');
    await page.keyboard.press('Delete');
    await expect(editor.nodes).toHaveCount(1);
    await editor.save();
    await expect(
      page.getByText(
        /Saved v3, but it could not be activated: this workflow has no .*trigger.* v2 stays active\./,
      ),
    ).toBeVisible();
    expect(await ask()).toEqual({ got: 10 });
  } finally {
    await api.runtime.deactivate.mutate({ workflowId: id, overrides: 'discard' });
  }
});

test('undo and redo cover adding, deleting and prop edits', async ({ page, baseURL }) => {
  const editor = new EditorPage(page);
  await editor.goto(await seed(baseURL!));
  await editor.palette.getByLabel('Search nodes').fill('log');
  await editor.paletteItem('Log').press('Enter');
  await expect(editor.nodes).toHaveCount(1);

  await editor.select('Log');
  await editor.field('Message').fill('first');
  await editor.canvas.click({ position: at(40, 40) });
  await editor.node('Log').click();
  await page.keyboard.press('Delete');
  await expect(editor.nodes).toHaveCount(0);

  await page.keyboard.press('ControlOrMeta+z');
  await expect(editor.nodes).toHaveCount(1);
  await editor.select('Log');
  await expect(editor.field('Message')).toHaveValue('first');
  await editor.button('Undo').click();
  await expect(editor.field('Message')).toHaveValue('');
  await editor.button('Redo').click();
  await expect(editor.field('Message')).toHaveValue('first');
  await editor.button('Redo').click();
  await expect(editor.nodes).toHaveCount(0);
  await expect(editor.button('Redo')).toBeDisabled();
});

test('copy, paste and duplicate nodes', async ({ page, baseURL, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const id = await seed(baseURL!, {
    nodes: [{ id: 'a', type: 'log', name: 'Audit', position: at(0, 0), props: { message: 'x' } }],
    edges: [],
  });
  const editor = new EditorPage(page);
  await editor.goto(id);
  await editor.select('Audit');
  await page.keyboard.press('ControlOrMeta+c');
  await page.keyboard.press('ControlOrMeta+v');
  await expect(editor.nodes).toHaveCount(2);
  await page.keyboard.press('ControlOrMeta+d');
  await expect(editor.nodes).toHaveCount(3);
  await expect(editor.node('Audit')).toHaveCount(3);
});

test('a save conflict offers to reload or save as a new version', async ({ page, baseURL }) => {
  const api = apiClient(baseURL!);
  const id = await seed(baseURL!);
  const editor = new EditorPage(page);
  await editor.goto(id);
  await editor.paletteItem('Log').click();
  await api.workflows.rename.mutate({ id, name: `Renamed ${nanoid(4)}` });

  await page.keyboard.press('ControlOrMeta+s');
  const dialog = page.getByRole('alertdialog', { name: 'Saved elsewhere meanwhile' });
  await expect(dialog).toContainText('you loaded version 1, but the latest is version 2');
  await dialog.getByRole('button', { name: 'Save mine as new version' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Version 3')).toBeVisible();

  await editor.button('Versions').click();
  const versions = page.getByRole('dialog', { name: 'Versions' });
  await versions.getByRole('button', { name: 'Restore version 1' }).click();
  await expect(page.getByText('Version 4')).toBeVisible();
  await expect(editor.nodes).toHaveCount(0);
});

test('leaving with unsaved changes asks first', async ({ page, baseURL }) => {
  const editor = new EditorPage(page);
  await editor.goto(await seed(baseURL!));
  await editor.paletteItem('Log').click();
  const asked = page.waitForEvent('dialog');
  await page.close({ runBeforeUnload: true });
  const dialog = await asked;
  expect(dialog.type()).toBe('beforeunload');
  await dialog.dismiss();
  await expect(editor.nodes).toHaveCount(1);
});

test('opening the page during a run shows the current statuses at once', async ({
  page,
  baseURL,
}) => {
  const id = await seed(baseURL!, {
    nodes: [
      { id: 'start', type: 'manual-trigger', name: 'Start', position: at(0, 0), props: {} },
      { id: 'wait', type: 'delay', name: 'Wait', position: at(300, 0), props: { ms: 3000 } },
      { id: 'log', type: 'log', name: 'Log', position: at(600, 0), props: {} },
    ],
    edges: [
      { id: 'e1', source: 'start', sourceHandle: 'out', target: 'wait', targetHandle: 'in' },
      { id: 'e2', source: 'wait', sourceHandle: 'out', target: 'log', targetHandle: 'in' },
    ],
  });
  await apiClient(baseURL!).runtime.run.mutate({ workflowId: id });
  const editor = new EditorPage(page);
  await editor.goto(id);
  await editor.expectStatus('Start', 'succeeded');
  await editor.expectStatus('Wait', 'running');
  await editor.expectStatus('Log', 'succeeded');
});

test('several nodes of one type are edited together', async ({ page, baseURL }) => {
  const id = await seed(baseURL!, {
    nodes: [
      { id: 'a', type: 'log', name: 'Log A', position: at(0, 0), props: { message: 'a' } },
      { id: 'b', type: 'log', name: 'Log B', position: at(0, 160), props: { message: 'b' } },
    ],
    edges: [],
  });
  const editor = new EditorPage(page);
  await editor.goto(id);
  await editor.node('Log A').click();
  await editor.node('Log B').click({ modifiers: ['Shift'] });
  await expect(editor.inspector.getByRole('heading', { name: '2 Log nodes' })).toBeVisible();
  await expect(editor.field('Message')).toHaveValue('');
  await expect(editor.field('Message')).toHaveAttribute('placeholder', '—');
  await editor.field('Message').fill('both');

  await editor.deselect();
  await editor.select('Log A');
  await expect(editor.field('Message')).toHaveValue('both');
  await editor.select('Log B');
  await expect(editor.field('Message')).toHaveValue('both');
});

test('the graph keeps its place in the middle of the canvas when the run panel opens', async ({
  page,
  baseURL,
}) => {
  const id = await seed(baseURL!, {
    nodes: [
      { id: 'start', type: 'manual-trigger', name: 'Start', position: at(0, 0), props: {} },
      { id: 'low', type: 'log', name: 'Low', position: at(300, 400), props: {} },
    ],
    edges: [{ id: 'e1', source: 'start', sourceHandle: 'out', target: 'low', targetHandle: 'in' }],
  });
  const editor = new EditorPage(page);
  await editor.goto(id);
  /** How far the node's top-left corner sits from the canvas's centre (a result makes it taller). */
  const offset = async (name: string) => {
    const [node, canvas] = [
      await editor.node(name).boundingBox(),
      await editor.canvas.boundingBox(),
    ];
    return {
      x: node!.x - (canvas!.x + canvas!.width / 2),
      y: node!.y - (canvas!.y + canvas!.height / 2),
    };
  };
  const before = await offset('Low');
  await editor.run();
  await editor.expectStatus('Low', 'succeeded');
  const after = await offset('Low');
  expect(Math.abs(after.x - before.x)).toBeLessThan(2);
  expect(Math.abs(after.y - before.y)).toBeLessThan(2);
});
