import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { nanoid } from 'nanoid';
import { apiClient, deleteAllWorkflows } from './fixtures/api';
import { HomePage } from './pages/home-page';

test('a newcomer sees what to do on an empty home page', async ({ page, baseURL }) => {
  await deleteAllWorkflows(baseURL!);
  const home = new HomePage(page);
  await home.goto();
  await expect(page.getByRole('heading', { name: 'No workflows yet' })).toBeVisible();
  await page.getByRole('button', { name: 'Start from a template' }).click();
  const templates = page.getByRole('dialog', { name: 'New from template' });
  await expect(templates.getByRole('radio')).toHaveCount(3);
  await expect(templates.getByRole('radio', { name: 'Webhook → transform → HTTP' })).toBeVisible();
  await templates.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('button', { name: 'Create your first workflow' }).click();
  await expect(page.getByRole('dialog', { name: 'New workflow' })).toBeVisible();
});

test('create, rename, export, delete and import a workflow back', async ({ page }) => {
  const home = new HomePage(page);
  const name = `Spread watcher ${nanoid(6)}`;
  const renamed = `BTC spread ${nanoid(6)}`;

  await home.goto();
  await home.create(name);
  await expect(page).toHaveURL(/\/workflows\/wf_/);
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await expect(page.getByText('Version 1')).toBeVisible();

  await home.goto();
  await expect(home.row(name)).toContainText('v1');
  await home.rename(name, renamed);
  await expect(home.row(renamed)).toContainText('v2');
  await expect(home.row(name)).toHaveCount(0);

  const download = await home.exportToFile(renamed);
  expect(download.suggestedFilename()).toMatch(/^btc-spread-.*\.flowdeck\.json$/);
  const exported = await readFile((await download.path())!, 'utf8');
  expect(JSON.parse(exported)).toMatchObject({ name: renamed, version: 2 });

  await home.delete(renamed);
  await expect(home.row(renamed)).toHaveCount(0);

  await home.importFile({ name: download.suggestedFilename(), buffer: Buffer.from(exported) });
  await expect(page.getByRole('status').filter({ hasText: `Imported “${renamed}”` })).toBeVisible();
  await expect(home.row(renamed)).toContainText('v2');
});

test('duplicate makes a copy and deleting asks first', async ({ page, baseURL }) => {
  const name = `Arb ${nanoid(6)}`;
  await apiClient(baseURL!).workflows.create.mutate({ name });
  const home = new HomePage(page);
  await home.goto();
  await page.getByRole('button', { name: `Duplicate ${name}` }).click();
  await expect(home.row(`${name} (copy)`)).toBeVisible();

  await page.getByRole('button', { name: `Delete ${name} (copy)` }).click();
  const confirm = page.getByRole('alertdialog', { name: `Delete “${name} (copy)”?` });
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toBeHidden();
  await expect(home.row(`${name} (copy)`)).toBeVisible();
});

test('a broken import file is refused with a reason and nothing is stored', async ({
  page,
  baseURL,
}) => {
  const api = apiClient(baseURL!);
  const before = (await api.workflows.list.query()).length;
  const home = new HomePage(page);
  await home.goto();

  await home.importFile({ name: 'broken.json', buffer: Buffer.from('{"id": "x", "name": ') });
  const failed = page.getByRole('alertdialog', { name: 'Import failed' });
  await expect(failed).toContainText('not valid JSON');
  await failed.getByRole('button', { name: 'Close' }).click();

  const unknownType = {
    id: `wf_${nanoid(8)}`,
    name: 'Hostile',
    nodes: [{ id: 'a', type: 'launch-missiles', name: 'A', position: { x: 0, y: 0 }, props: {} }],
    extra: true,
  };
  await home.importFile({ name: 'hostile.json', buffer: Buffer.from(JSON.stringify(unknownType)) });
  await expect(failed).toContainText('unknown field "extra"');
  await failed.getByRole('button', { name: 'Close' }).click();

  await home.importFile({ name: 'huge.json', buffer: Buffer.alloc(3_000_000, ' ') });
  await expect(failed).toContainText('the limit is 2 MB');
  await failed.getByRole('button', { name: 'Close' }).click();

  expect((await api.workflows.list.query()).length).toBe(before);
});
