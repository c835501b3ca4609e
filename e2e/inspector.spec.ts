import { expect, test } from '@playwright/test';
import { nanoid } from 'nanoid';
import type { WorkflowInput } from '../lib/workflow';
import { apiClient } from './fixtures/api';
import { EditorPage } from './pages/editor-page';

test.use({ viewport: { width: 1600, height: 900 } });

async function seed(baseURL: string, nodes: WorkflowInput['nodes']): Promise<string> {
  const api = apiClient(baseURL);
  const wf = await api.workflows.create.mutate({ name: `Inspector ${nanoid(6)}` });
  await api.workflows.save.mutate({ workflow: { ...wf, nodes, edges: [] } });
  return wf.id;
}

const at = (x: number, y: number) => ({ x, y });

test('a list prop is edited item by item: add, edit, remove, reorder, undo, save', async ({
  page,
  baseURL,
}) => {
  const id = await seed(baseURL!, [
    {
      id: 'route',
      type: 'switch',
      name: 'Route',
      position: at(200, 200),
      props: { value: 'input.side', cases: ['buy', 'sell', 'hold'] },
    },
  ]);
  const editor = new EditorPage(page);
  await editor.goto(id);
  await editor.select('Route');

  const cases = editor.group('Cases');
  await expect(cases).toContainText('3 items');
  await expect(editor.field('Case 1')).toHaveValue('buy');
  await expect(editor.field('Type of Case 2')).toHaveValue('Text');
  await expect(editor.field('Case 2')).toHaveValue('sell');

  // 1. Add a fourth item, the most the schema allows: the button then says why it is off.
  await editor.inspectorButton('Add item to Cases').click();
  await expect(cases).toContainText('4 items');
  await expect(editor.field('Case 4')).toHaveValue('');
  await expect(editor.field('Case 4')).toBeFocused();
  const add = editor.inspectorButton('Add item to Cases');
  await expect(add).toBeDisabled();
  await expect(add).toHaveAttribute('title', 'At most 4 items (maxItems)');

  // 2. Make it a number; a bad number is refused inline, naming the rule, at that item.
  await editor.field('Type of Case 4').selectOption({ label: 'Number' });
  await expect(editor.field('Case 4')).toHaveValue('0');
  await editor.field('Case 4').fill('4x');
  const item4 = editor.listItem('Case 4');
  await expect(item4).toContainText('must be a number (type)');
  await expect(editor.field('Case 4')).toHaveAttribute('aria-invalid', 'true');
  await editor.field('Case 4').fill('42');
  await expect(item4).not.toContainText('must be');

  // 3. Remove "sell", then move 42 above "hold".
  await editor.inspectorButton('Remove item 2 of Cases').click();
  await expect(cases).toContainText('3 items');
  // The focus stays in the list, on the item that took the removed one's place.
  await expect(editor.inspectorButton('Remove item 2 of Cases')).toBeFocused();
  await expect(editor.field('Case 2')).toHaveValue('hold');
  await expect(editor.inspectorButton('Move item 1 of Cases up')).toBeDisabled();
  await editor.inspectorButton('Move item 3 of Cases up').click();
  await expect(editor.field('Case 2')).toHaveValue('42');
  await expect(editor.field('Type of Case 2')).toHaveValue('Number');
  await expect(editor.field('Case 3')).toHaveValue('hold');
  // The focus follows the item it moved.
  await expect(editor.inspectorButton('Move item 2 of Cases up')).toBeFocused();

  // 4. An item added by mistake goes away with one undo, and only it.
  await editor.inspectorButton('Add item to Cases').click();
  await expect(cases).toContainText('4 items');
  await editor.button('Undo').click();
  await expect(cases).toContainText('3 items');
  await expect(editor.field('Case 2')).toHaveValue('42');

  // 5. A value only the server refuses on save is shown at the item it names.
  await editor.field('Case 3').fill('h'.repeat(1001));
  await expect(editor.listItem('Case 3')).toContainText(
    'must be at most 1000 characters (maxLength)',
  );
  await editor.button('Save').click();
  await expect(
    editor.inspector.getByRole('alert', { name: 'Why the save was refused' }),
  ).toContainText('props.cases[2]');
  await expect(editor.listItem('Case 3')).toContainText(
    'Not saved: must be at most 1000 characters long',
  );
  await editor.field('Case 3').fill('hold');
  await expect(editor.listItem('Case 3')).not.toContainText('Not saved');
  await expect(editor.listItem('Case 3')).not.toContainText('must be');

  // 6. The JSON view shows the same list.
  await editor.inspectorButton('Edit Cases as JSON').click();
  await expect(editor.field('Cases')).toHaveValue(/"buy",\s+42,\s+"hold"/);
  await editor.inspectorButton('Edit Cases as JSON').click();

  await editor.save();
  await page.reload();
  await editor.select('Route');
  await expect(editor.group('Cases')).toContainText('3 items');
  await expect(editor.field('Case 1')).toHaveValue('buy');
  await expect(editor.field('Case 2')).toHaveValue('42');
  await expect(editor.field('Type of Case 2')).toHaveValue('Number');
  await expect(editor.field('Case 3')).toHaveValue('hold');
});

test('a record prop (HTTP headers): add, rename, a duplicate key refused, remove, save', async ({
  page,
  baseURL,
}) => {
  const id = await seed(baseURL!, [
    {
      id: 'fetch',
      type: 'http-request',
      name: 'Fetch',
      position: at(200, 200),
      props: { url: 'https://example.com/', headers: { Accept: 'application/json' } },
    },
  ]);
  const editor = new EditorPage(page);
  await editor.goto(id);
  await editor.select('Fetch');

  const headers = editor.group('Headers');
  await expect(headers).toContainText('1 entry');
  await expect(editor.field('Key of Header 1')).toHaveValue('Accept');
  await expect(editor.field('Value of Header 1')).toHaveValue('application/json');

  // A new entry's key is focused and selected, ready to be typed over.
  await editor.inspectorButton('Add entry to Headers').click();
  await expect(headers).toContainText('2 entries');
  await expect(editor.field('Key of Header 2')).toBeFocused();
  await page.keyboard.type('X-Api-Key');
  await expect(editor.field('Key of Header 2')).toHaveValue('X-Api-Key');
  await editor.field('Value of Header 2').fill('secret');

  // Renamed to a key already used: refused, naming the key, and not applied.
  await editor.field('Key of Header 2').fill('Accept');
  const row = editor.group('Header 2');
  await expect(row).toContainText('"Accept" is already used');
  await expect(editor.field('Key of Header 2')).toHaveAttribute('aria-invalid', 'true');
  await editor.field('Key of Header 2').fill('');
  await expect(row).toContainText('the key must not be empty');
  await editor.field('Key of Header 2').fill('X-Token');
  await expect(row).not.toContainText('Key refused');

  await editor.inspectorButton('Remove "Accept" from Headers').click();
  await expect(headers).toContainText('1 entry');
  await expect(editor.field('Key of Header 1')).toHaveValue('X-Token');
  await expect(editor.field('Value of Header 1')).toHaveValue('secret');

  await editor.save();
  await page.reload();
  await editor.select('Fetch');
  await expect(editor.group('Headers')).toContainText('1 entry');
  await expect(editor.field('Key of Header 1')).toHaveValue('X-Token');
  await expect(editor.field('Value of Header 1')).toHaveValue('secret');
  await editor.inspectorButton('Edit Headers as JSON').click();
  await expect(editor.field('Headers')).toHaveValue(/"X-Token": "secret"/);
});

test('live mode: a value inside a record is patched into the running workflow', async ({
  page,
  baseURL,
}) => {
  const api = apiClient(baseURL!);
  const node = (id: string, name: string, type: string, x: number, props: object) => ({
    id,
    type,
    name,
    position: at(x, 200),
    props,
  });
  const created = await api.workflows.create.mutate({ name: `Inspector live ${nanoid(6)}` });
  const { workflow } = await api.workflows.save.mutate({
    workflow: {
      ...created,
      nodes: [
        node('tick', 'Tick', 'interval-trigger', 0, { intervalMs: 250 }),
        node('price', 'Price', 'set-fields', 300, { fields: { price: 5, venue: 'kraken' } }),
        node('check', 'Check', 'threshold-check', 600, { threshold: 10, field: 'price' }),
        node('alert', 'Alert', 'log', 900, {}),
      ],
      edges: [
        { id: 'a', source: 'tick', sourceHandle: 'out', target: 'price', targetHandle: 'in' },
        { id: 'b', source: 'price', sourceHandle: 'out', target: 'check', targetHandle: 'in' },
        { id: 'c', source: 'check', sourceHandle: 'above', target: 'alert', targetHandle: 'in' },
      ],
    },
  });
  await api.runtime.activate.mutate({ workflowId: workflow.id });
  try {
    const editor = new EditorPage(page);
    await editor.goto(workflow.id);
    await expect(page.getByText('LIVE', { exact: true })).toBeVisible();
    await editor.expectStatus('Alert', 'skipped');
    await editor.select('Price');
    await expect(editor.field('Key of Field 1')).toHaveValue('price');
    await expect(editor.field('Type of price')).toHaveValue('Number');
    await editor.field('price').fill('50');
    await expect
      .poll(async () => (await api.runtime.liveProps.query({ workflowId: workflow.id })).overrides)
      .toEqual({ price: { fields: { price: 50, venue: 'kraken' } } });
    await editor.expectStatus('Alert', 'succeeded');
    await expect(editor.field('price')).toHaveValue('50');
  } finally {
    await api.runtime.deactivate.mutate({ workflowId: workflow.id, overrides: 'discard' });
  }
});

test('several nodes with different lists show "—" until one list is typed for all', async ({
  page,
  baseURL,
}) => {
  const id = await seed(baseURL!, [
    { id: 'a', type: 'switch', name: 'Route A', position: at(0, 0), props: { cases: ['x'] } },
    { id: 'b', type: 'switch', name: 'Route B', position: at(0, 200), props: { cases: ['y'] } },
  ]);
  const editor = new EditorPage(page);
  await editor.goto(id);
  await editor.node('Route A').click();
  await editor.node('Route B').click({ modifiers: ['Shift'] });
  await expect(editor.inspector.getByRole('heading', { name: '2 Switch nodes' })).toBeVisible();
  await expect(editor.field('Cases')).toHaveAttribute('placeholder', '—');
  await editor.field('Cases').fill('["z", 1]');
  await editor.deselect();
  await editor.select('Route B');
  await expect(editor.group('Cases')).toContainText('2 items');
  await expect(editor.field('Case 2')).toHaveValue('1');
});

test('the inspector is widened from its edge, by keyboard or pointer, and keeps its width', async ({
  page,
  baseURL,
}) => {
  const api = apiClient(baseURL!);
  const wf = await api.workflows.create.mutate({ name: `Wide ${nanoid(6)}` });
  const editor = new EditorPage(page);
  await editor.goto(wf.id);
  const edge = page.getByRole('separator', { name: 'Inspector width' });
  const width = async () => (await editor.inspector.boundingBox())!.width;
  await expect(edge).toHaveAttribute('aria-valuenow', '360');
  const before = await width();

  await edge.focus();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(edge).toHaveAttribute('aria-valuenow', '392');
  expect(await width()).toBeCloseTo(before + 32, 0);

  const box = (await edge.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + 200);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 - 100, box.y + 200, { steps: 8 });
  await page.mouse.up();
  await expect(edge).toHaveAttribute('aria-valuenow', '492');

  await page.reload();
  await expect(edge).toHaveAttribute('aria-valuenow', '492');
  await edge.focus();
  await page.keyboard.press('End');
  await expect(edge).toHaveAttribute('aria-valuenow', '640');
});
