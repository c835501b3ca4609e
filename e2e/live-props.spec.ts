import { expect, test } from '@playwright/test';
import { nanoid } from 'nanoid';
import { apiClient } from './fixtures/api';
import { EditorPage } from './pages/editor-page';

test.use({ viewport: { width: 1600, height: 900 } });

const n = (id: string, name: string, type: string, x: number, props: Record<string, unknown>) => ({
  id,
  type,
  name,
  position: { x, y: 200 },
  props,
});
const e = (source: string, target: string, sourceHandle = 'out') => ({
  id: `${source}-${target}`,
  source,
  sourceHandle,
  target,
  targetHandle: 'in',
});

test('live mode: a threshold tweaked while the workflow is active takes effect, a second tab sees it, Revert and Apply', async ({
  page,
  baseURL,
}) => {
  const api = apiClient(baseURL!);
  const created = await api.workflows.create.mutate({ name: `Live ${nanoid(6)}` });
  const { workflow } = await api.workflows.save.mutate({
    workflow: {
      ...created,
      nodes: [
        n('tick', 'Tick', 'interval-trigger', 0, { intervalMs: 250 }),
        n('price', 'Price', 'set-fields', 300, { fields: { price: 5 } }),
        n('check', 'Check', 'threshold-check', 600, { threshold: 10, field: 'price' }),
        n('alert', 'Alert', 'log', 900, {}),
      ],
      edges: [e('tick', 'price'), e('price', 'check'), e('check', 'alert', 'above')],
    },
  });
  await api.runtime.activate.mutate({ workflowId: workflow.id });
  try {
    const editor = new EditorPage(page);
    await editor.goto(workflow.id);
    await expect(page.getByText('LIVE', { exact: true })).toBeVisible();
    await editor.expectStatus('Alert', 'skipped');

    await editor.select('Check');
    // Dragged as in Unity's inspector: 300 px left with Shift is 75 steps of 0.1, 10 → 2.5.
    await editor.scrub('Threshold', -300, { shift: true });
    await expect(editor.field('Threshold')).toHaveValue('2.5');
    await expect
      .poll(async () => (await api.runtime.liveProps.query({ workflowId: workflow.id })).overrides)
      .toEqual({ check: { threshold: 2.5 } });
    // The next ticks take the "above" branch: the log behind it runs, without a restart.
    await editor.expectStatus('Alert', 'succeeded');
    await expect(editor.nodeBody('Check')).toHaveAttribute('data-overridden', 'true');
    await expect(editor.inspector.locator('[data-overridden="threshold"]')).toHaveAttribute(
      'title',
      /saved value: 10/,
    );

    // A second tab of the same browser: each tab holds its workflow's event stream; the page-wide
    // ones (emergency level, approvals) are shared by the tabs, so all fit in the six connections
    // per host of HTTP/1.1 with room for the API calls.
    const tab = await page.context().newPage();
    await tab.setViewportSize({ width: 1600, height: 900 });
    const second = new EditorPage(tab);
    await second.goto(workflow.id);
    await second.select('Check');
    await expect(second.field('Threshold')).toHaveValue('2.5');
    await editor.field('Threshold').fill('2');
    await expect(second.field('Threshold')).toHaveValue('2');

    await page
      .getByRole('group', { name: 'Live overrides' })
      .getByRole('button', { name: 'Revert' })
      .click();
    await expect(second.field('Threshold')).toHaveValue('10');
    await expect(editor.inspector.locator('[data-overridden]')).toHaveCount(0);
    await editor.expectStatus('Alert', 'skipped');

    await editor.field('Threshold').fill('3');
    await expect(page.getByRole('group', { name: 'Live overrides' })).toContainText(
      '1 live override',
    );
    await page.getByRole('button', { name: 'Apply to workflow' }).click();
    await expect(page.getByText(new RegExp(`^Version ${workflow.version + 1} · `))).toBeVisible();
    // The editor loaded the new version (the selection starts afresh).
    await editor.select('Check');
    await expect(editor.field('Threshold')).toHaveValue('3');
    await expect(editor.inspector.locator('[data-overridden]')).toHaveCount(0);
    const saved = await api.workflows.get.query({ id: workflow.id });
    expect(saved.workflow.nodes.find((x) => x.id === 'check')!.props).toMatchObject({
      threshold: 3,
    });
    expect((await api.runtime.liveProps.query({ workflowId: workflow.id })).overrides).toEqual({});
    await tab.close();
  } finally {
    await api.emergency.set.mutate({ level: 'NORMAL', reason: 'e2e cleanup' });
    await api.runtime.deactivate.mutate({ workflowId: workflow.id, overrides: 'discard' });
  }
});

test('activate from the editor; deactivating with live changes asks to keep or drop them', async ({
  page,
  baseURL,
}) => {
  const api = apiClient(baseURL!);
  const created = await api.workflows.create.mutate({ name: `Keep ${nanoid(6)}` });
  const { workflow } = await api.workflows.save.mutate({
    workflow: {
      ...created,
      nodes: [
        n('tick', 'Tick', 'interval-trigger', 0, { intervalMs: 250 }),
        n('price', 'Price', 'set-fields', 300, { fields: { price: 5 } }),
        n('check', 'Check', 'threshold-check', 600, { threshold: 10, field: 'price' }),
      ],
      edges: [e('tick', 'price'), e('price', 'check')],
    },
  });
  try {
    const editor = new EditorPage(page);
    await editor.goto(workflow.id);
    const state = page.getByTestId('activation-state');
    await expect(state).toHaveText('Inactive');

    // 0. Under SHUTDOWN activation is refused, and the user is told why.
    await api.emergency.set.mutate({ level: 'SHUTDOWN', reason: 'e2e: venue outage' });
    await editor.button('Activate').click();
    const refusal = page.getByRole('alert').filter({ hasText: 'Could not activate' });
    await expect(refusal).toContainText(/Could not activate: .*SHUTDOWN \(e2e: venue outage\)/);
    await expect(state).toHaveText('Inactive');
    await api.emergency.set.mutate({ level: 'NORMAL', reason: 'e2e: venue back' });
    await refusal.getByRole('button', { name: 'Dismiss notification' }).click();

    // 1. Activate: the triggers run it, the editor goes live.
    await editor.button('Activate').click();
    await expect(state).toHaveText('● Active');
    await expect(page.getByText('LIVE', { exact: true })).toBeVisible();
    await editor.expectStatus('Check', 'succeeded');
    expect((await api.workflows.get.query({ id: workflow.id })).isActive).toBe(true);

    // 2. A live change, then Deactivate: asked first; Cancel keeps it running with the change.
    await editor.select('Check');
    await editor.field('Threshold').fill('4');
    await expect(page.getByRole('group', { name: 'Live overrides' })).toContainText(
      '1 live override',
    );
    await editor.button('Deactivate').click();
    const ask = page.getByRole('alertdialog', { name: 'Keep your live changes?' });
    await expect(ask).toContainText('You changed 1 property');
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await expect(ask).toBeHidden();
    await expect(state).toHaveText('● Active');

    // 3. Discard: stopped, the saved value stands, nothing leaks into the next activation.
    await editor.button('Deactivate').click();
    await ask.getByRole('button', { name: 'Discard' }).click();
    await expect(state).toHaveText('Inactive');
    await expect(page.getByText('LIVE', { exact: true })).toBeHidden();
    await expect(editor.field('Threshold')).toHaveValue('10');
    expect((await api.runtime.liveProps.query({ workflowId: workflow.id })).overrides).toEqual({});
    expect((await api.workflows.get.query({ id: workflow.id })).workflow.version).toBe(
      workflow.version,
    );

    // 4. Again with Apply to workflow, at once after the change (it may still be on its way to
    // the runtime): stopped, and the change saved as a new version.
    await editor.button('Activate').click();
    await expect(state).toHaveText('● Active');
    // A slow network: the live change reaches the runtime well after the click on Deactivate.
    await page.route('**/api/trpc/runtime.patchProps**', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 500));
      await route.continue();
    });
    await editor.field('Threshold').fill('6');
    await editor.button('Deactivate').click();
    await ask.getByRole('button', { name: 'Apply to workflow' }).click();
    await expect(state).toHaveText('Inactive');
    await expect(page.getByText(new RegExp(`^Version ${workflow.version + 1} · `))).toBeVisible();
    const saved = await api.workflows.get.query({ id: workflow.id });
    expect(saved.isActive).toBe(false);
    expect(saved.workflow.nodes.find((x) => x.id === 'check')!.props).toMatchObject({
      threshold: 6,
    });
  } finally {
    await api.emergency.set.mutate({ level: 'NORMAL', reason: 'e2e cleanup' });
    await api.runtime.deactivate.mutate({ workflowId: workflow.id, overrides: 'discard' });
  }
});

test('live mode: an invalid value is shown inline and not applied; one field reverts on its own; the change log lists every edit', async ({
  page,
  baseURL,
}) => {
  const api = apiClient(baseURL!);
  const created = await api.workflows.create.mutate({ name: `Live fields ${nanoid(6)}` });
  const { workflow } = await api.workflows.save.mutate({
    workflow: {
      ...created,
      nodes: [
        n('tick', 'Tick', 'interval-trigger', 0, { intervalMs: 250 }),
        n('price', 'Price', 'set-fields', 300, { fields: { price: 5 } }),
        n('check', 'Check', 'threshold-check', 600, { threshold: 10, field: 'price' }),
      ],
      edges: [e('tick', 'price'), e('price', 'check')],
    },
  });
  await api.runtime.activate.mutate({ workflowId: workflow.id });
  try {
    const editor = new EditorPage(page);
    await editor.goto(workflow.id);
    await expect(page.getByText('LIVE', { exact: true })).toBeVisible();

    // Below the schema's minimum: the field says why, and the running workflow keeps 250 ms.
    await editor.select('Tick');
    await editor.field('Interval (ms)').fill('5');
    await expect(editor.inspector.getByText(/must be ≥ 10/)).toBeVisible();
    await expect(editor.field('Interval (ms)')).toHaveAttribute('aria-invalid', 'true');
    await page.waitForTimeout(400); // longer than the patch debounce: nothing may be sent
    expect((await api.runtime.liveProps.query({ workflowId: workflow.id })).overrides).toEqual({});

    // Two fields of one node overridden; one reverts, the other stays.
    await editor.select('Check');
    await editor.field('Threshold').fill('1');
    await editor.field('Inclusive').check();
    await expect
      .poll(async () => (await api.runtime.liveProps.query({ workflowId: workflow.id })).overrides)
      .toEqual({ check: { threshold: 1, inclusive: true } });
    await editor.inspector
      .getByRole('button', { name: 'Revert Threshold to the saved value' })
      .click();
    await expect(editor.field('Threshold')).toHaveValue('10');
    await expect(editor.field('Inclusive')).toBeChecked();
    await expect
      .poll(async () => (await api.runtime.liveProps.query({ workflowId: workflow.id })).overrides)
      .toEqual({ check: { inclusive: true } });

    await page.getByRole('button', { name: 'Live changes' }).click();
    const log = page.getByRole('dialog', { name: 'Live changes' });
    const rows = log.getByRole('row');
    await expect(rows).toHaveCount(4); // the header and three changes
    await expect(rows.nth(1)).toContainText('reverted');
    await expect(rows.nth(1)).toContainText('Check · threshold');
    await expect(rows.nth(1)).toContainText('1 → 10');
    await expect(log).toContainText('changed default → true');
    await page.keyboard.press('Escape');
    await expect(log).toBeHidden();
  } finally {
    await api.runtime.deactivate.mutate({ workflowId: workflow.id, overrides: 'discard' });
  }
});
