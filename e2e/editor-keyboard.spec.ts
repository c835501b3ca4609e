import { expect, test } from '@playwright/test';
import { nanoid } from 'nanoid';
import type { WorkflowInput } from '../lib/workflow';
import { apiClient } from './fixtures/api';
import { EditorPage } from './pages/editor-page';

test.use({ viewport: { width: 1600, height: 900 } });

const at = (x: number, y: number) => ({ x, y });

async function seed(baseURL: string, graph: Required<Pick<WorkflowInput, 'nodes' | 'edges'>>) {
  const api = apiClient(baseURL);
  const wf = await api.workflows.create.mutate({ name: `Keyboard ${nanoid(6)}` });
  await api.workflows.save.mutate({ workflow: { ...wf, ...graph } });
  return wf.id;
}

test('connect two nodes, be refused, undo and delete an edge with the keyboard only', async ({
  page,
  baseURL,
}) => {
  const id = await seed(baseURL!, {
    nodes: [
      { id: 'count', type: 'counter', name: 'Count', position: at(0, 0), props: {} },
      { id: 'fields', type: 'set-fields', name: 'Fields', position: at(320, -120), props: {} },
      { id: 'log', type: 'log', name: 'Log', position: at(320, 40), props: {} },
      { id: 'audit', type: 'log', name: 'Audit', position: at(320, 200), props: {} },
    ],
    edges: [{ id: 'e1', source: 'count', sourceHandle: 'out', target: 'log', targetHandle: 'in' }],
  });
  const editor = new EditorPage(page);
  await editor.goto(id);
  await expect(editor.edges).toHaveCount(1);

  // A node in focus (as Tab reaches it): Enter selects it, C opens the connect dialog on its
  // only output.
  await editor.node('Count').focus();
  await page.keyboard.press('Enter');
  await expect(editor.inspector.getByRole('heading', { name: 'Count', exact: true })).toBeVisible();
  await page.keyboard.press('c');
  const dialog = page.getByRole('dialog', { name: 'Connect Count · out to…' });
  await expect(dialog).toBeVisible();

  // An input that cannot take a number is listed, greyed, with the reason a drag gives.
  const fields = editor.connectTarget('Fields', 'in');
  await expect(fields).toHaveAttribute('aria-disabled', 'true');
  await expect(fields).toHaveAccessibleDescription(
    'Count “out” gives number, but Fields “in” takes json.',
  );
  await expect(editor.connectTarget('Log', 'in')).toHaveAccessibleDescription(
    'These ports are already connected.',
  );
  await page.keyboard.type('fields');
  await page.keyboard.press('Tab');
  await expect(fields).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('status')).toHaveText(
    'Can’t connect: Count “out” gives number, but Fields “in” takes json.',
  );
  await expect(dialog).toBeVisible();
  await expect(editor.edges).toHaveCount(1);

  // The search field keeps the focus order: back to it, narrow to Audit, Enter connects.
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('aud');
  await page.keyboard.press('Tab');
  await expect(editor.connectTarget('Audit', 'in')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Connected Count · out to Audit · in.')).toBeVisible();
  await expect(editor.edges).toHaveCount(2);
  await expect(editor.edge(['Count', 'out'], ['Audit', 'in'])).toBeVisible();
  await expect(page.getByText('Unsaved changes')).toBeVisible();

  // One connection, one undo step.
  await page.keyboard.press('ControlOrMeta+z');
  await expect(editor.edges).toHaveCount(1);
  await expect(editor.edge(['Count', 'out'], ['Audit', 'in'])).toHaveCount(0);
  await expect(editor.button('Undo')).toBeDisabled();

  // An edge in focus: Enter selects it, Delete removes it.
  await editor.edge(['Count', 'out'], ['Log', 'in']).focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Delete');
  await expect(editor.edges).toHaveCount(0);
  await expect(editor.nodes).toHaveCount(4);
});

test('the Connect… button of a node with several outputs asks which, and disconnects', async ({
  page,
  baseURL,
}) => {
  const id = await seed(baseURL!, {
    nodes: [
      { id: 'check', type: 'if', name: 'Check', position: at(0, 0), props: {} },
      { id: 'yes', type: 'log', name: 'Yes', position: at(320, -80), props: {} },
      { id: 'no', type: 'log', name: 'No', position: at(320, 80), props: {} },
    ],
    edges: [{ id: 'e1', source: 'check', sourceHandle: 'true', target: 'yes', targetHandle: 'in' }],
  });
  const editor = new EditorPage(page);
  await editor.goto(id);
  await editor.select('Check');
  const connect = editor.node('Check').getByRole('button', { name: 'Connect…' });
  await expect(connect).toHaveAttribute('aria-keyshortcuts', 'C');
  await connect.click();

  const pick = page.getByRole('dialog', { name: 'Connect Check from…' });
  await pick.getByRole('list', { name: 'Outputs' }).getByRole('button', { name: /^true/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Connect Check · true to…' });
  await dialog.getByRole('button', { name: 'Disconnect Yes · in' }).click();
  await expect(editor.edges).toHaveCount(0);
  await expect(dialog.getByRole('list', { name: 'Connected now' })).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Other output' }).click();
  await pick.getByRole('button', { name: /^false/ }).click();
  await editor.connectTarget('No', 'in').click();
  await expect(editor.edge(['Check', 'false'], ['No', 'in'])).toBeVisible();
  await expect(editor.edges).toHaveCount(1);
});

test('Delete, Backspace and C act on the canvas only, never from a dialog, field or other pane', async ({
  page,
  baseURL,
}) => {
  const id = await seed(baseURL!, {
    nodes: [
      { id: 'count', type: 'counter', name: 'Count', position: at(0, 0), props: {} },
      { id: 'log', type: 'log', name: 'Log', position: at(320, 0), props: {} },
      { id: 'extra', type: 'log', name: 'Extra', position: at(320, 160), props: {} },
    ],
    edges: [],
  });
  const editor = new EditorPage(page);
  await editor.goto(id);
  await editor.select('Count');

  // A button of another dialog in focus: its keys stay in the dialog.
  await editor.button('Versions').click();
  const versions = page.getByRole('dialog', { name: /Versions/ });
  await expect(versions).toBeVisible();
  await versions.getByRole('button', { name: 'Close' }).focus();
  await page.keyboard.press('Delete');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Escape');
  await expect(versions).toBeHidden();
  await expect(editor.nodes).toHaveCount(3);

  await page.getByRole('button', { name: 'Workflow settings' }).click();
  const settings = page.getByRole('dialog', { name: /settings/i });
  await settings.getByRole('button').first().focus();
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Escape');
  await expect(editor.nodes).toHaveCount(3);

  // The inspector: a text field edits its text, a button is no reason to delete the node, and
  // the editing keys act on the text, not the graph (whose undo would bring Extra back, and
  // whose duplicate would copy Count).
  await editor.node('Extra').focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Delete');
  await expect(editor.nodes).toHaveCount(2);
  await expect(editor.node('Count')).toBeVisible();
  await editor.select('Count');
  const name = editor.field('Name');
  await name.fill('Counter');
  await page.keyboard.press('Backspace');
  await expect(name).toHaveValue('Counte');
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('ControlOrMeta+c');
  await page.keyboard.press('ControlOrMeta+v');
  await page.keyboard.press('ControlOrMeta+d');
  await page.keyboard.press('ControlOrMeta+z');
  await page.keyboard.press('ControlOrMeta+z');
  await expect(editor.nodes).toHaveCount(2);
  await expect(editor.node('Extra')).toHaveCount(0);
  await editor.inspector.getByRole('button').first().focus();
  await page.keyboard.press('Delete');
  await expect(editor.nodes).toHaveCount(2);

  // A palette button in focus, one node selected: neither C nor Delete reaches the node.
  await editor.select('Log');
  await editor.paletteItem('Log').focus();
  await page.keyboard.press('c');
  await expect(editor.connectDialog).toHaveCount(0);
  await page.keyboard.press('Delete');
  await expect(editor.nodes).toHaveCount(2);

  // The canvas itself still takes them.
  await editor.node('Log').focus();
  await page.keyboard.press('c');
  await expect(editor.connectDialog).toBeVisible();
  await page.keyboard.press('Backspace');
  await expect(editor.connectDialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(editor.connectDialog).toBeHidden();
  await editor.node('Log').focus();
  await page.keyboard.press('Delete');
  await expect(editor.nodes).toHaveCount(1);
  await expect(editor.node('Log')).toHaveCount(0);
});
