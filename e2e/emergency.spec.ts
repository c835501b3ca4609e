import { expect, test } from '@playwright/test';
import { nanoid } from 'nanoid';
import { apiClient, createChain } from './fixtures/api';
import { EditorPage } from './pages/editor-page';

test.afterEach(async ({ baseURL }) => {
  await apiClient(baseURL!).emergency.set.mutate({ level: 'NORMAL', reason: 'e2e cleanup' });
});

test('an operator halts everything from the header and lifts it again', async ({
  page,
  baseURL,
}) => {
  const api = apiClient(baseURL!);
  const wf = await api.workflows.create.mutate({ name: `Halted ${nanoid(6)}` });
  await page.goto('/');

  // 1. The shortcut opens the panel; HALT needs a reason and one confirmation.
  const panel = page.getByRole('alertdialog', { name: 'Emergency' });
  // Pressed again until it opens: a key pressed before the page has hydrated reaches no
  // listener (the first press, right after load, sometimes does on a busy machine).
  await expect(async () => {
    await page.keyboard.press('Alt+Shift+E');
    await expect(panel).toBeVisible({ timeout: 1_000 });
  }).toPass();
  await panel.getByRole('radio', { name: /HALT/ }).check();
  await expect(panel.getByRole('button', { name: 'Set HALT' })).toBeDisabled();
  await panel.getByLabel('Reason').fill('venue is misquoting');
  await panel.getByRole('button', { name: 'Set HALT' }).click();
  await panel.getByRole('button', { name: 'Confirm HALT' }).click();
  await expect(panel.getByTestId('emergency-level')).toHaveText('HALT');
  await expect(panel.getByRole('list', { name: 'Emergency log' })).toContainText(
    'NORMAL → HALT by local (ui): venue is misquoting',
  );
  await panel.getByRole('button', { name: 'Close' }).click();

  // 2. Every page says so, and no execution starts.
  const banner = page.getByRole('status', { name: 'Emergency level' });
  await expect(banner).toContainText('HALT: venue is misquoting');
  await page.goto(`/workflows/${wf.id}`);
  await expect(banner).toContainText('HALT');
  await expect(api.runtime.run.mutate({ workflowId: wf.id })).rejects.toThrow(/HALT/);

  // 3. Back to NORMAL from the button.
  await page.getByRole('button', { name: /^Emergency/ }).click();
  await panel.getByRole('radio', { name: /NORMAL/ }).check();
  await panel.getByLabel('Reason').fill('quotes fixed');
  await panel.getByRole('button', { name: 'Set NORMAL' }).click();
  await expect(panel.getByTestId('emergency-level')).toHaveText('NORMAL');
  await panel.getByRole('button', { name: 'Close' }).click();
  await expect(banner).toBeHidden();
});

test('SHUTDOWN wants the word typed', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: /^Emergency/ }).click();
  const panel = page.getByRole('alertdialog', { name: 'Emergency' });
  await panel.getByRole('radio', { name: /SHUTDOWN/ }).check();
  await panel.getByLabel('Reason').fill('runaway bot');
  await expect(panel.getByRole('button', { name: 'Set SHUTDOWN' })).toBeDisabled();
  await panel.getByLabel('Type SHUTDOWN to confirm').fill('SHUTDOWN');
  await panel.getByRole('button', { name: 'Set SHUTDOWN' }).click();
  await expect(panel.getByTestId('emergency-level')).toHaveText('SHUTDOWN');
  await expect(page.getByRole('status', { name: 'Emergency level' })).toContainText('SHUTDOWN');
});

test('HALT pauses a running execution at its next node and stops a ticking workflow; NORMAL lets it finish', async ({
  page,
  baseURL,
}) => {
  const api = apiClient(baseURL!);
  const ticking = await createChain(baseURL!, `Ticking ${nanoid(6)}`, [
    { id: 'tick', type: 'interval-trigger', name: 'Tick', props: { intervalMs: 250 } },
    { id: 'note', type: 'log', name: 'Note' },
  ]);
  const slow = await createChain(baseURL!, `Slow ${nanoid(6)}`, [
    { id: 'start', type: 'manual-trigger', name: 'Start' },
    { id: 'wait', type: 'delay', name: 'Wait', props: { ms: 2500 } },
    { id: 'after', type: 'log', name: 'After' },
  ]);
  await api.runtime.activate.mutate({ workflowId: ticking.id });
  try {
    const editor = new EditorPage(page);
    await editor.goto(slow.id);
    await editor.run();
    await editor.expectStatus('Wait', 'running');

    await page.getByRole('button', { name: /^Emergency/ }).click();
    const panel = page.getByRole('alertdialog', { name: 'Emergency' });
    await panel.getByRole('radio', { name: /HALT/ }).check();
    await panel.getByLabel('Reason').fill('exchange incident');
    await panel.getByRole('button', { name: 'Set HALT' }).click();
    await panel.getByRole('button', { name: 'Confirm HALT' }).click();
    await expect(panel.getByTestId('emergency-level')).toHaveText('HALT');
    await panel.getByRole('button', { name: 'Close' }).click();
    await expect(page.getByRole('status', { name: 'Emergency level' })).toContainText(
      'HALT: exchange incident',
    );

    // The delay finishes, but the node after it does not start: the execution is halted.
    await expect(editor.runPanel.getByRole('status')).toHaveText('Halted', { timeout: 15_000 });
    await editor.expectStatus('Wait', 'succeeded');
    await editor.expectStatus('After', 'idle');

    // The ticking workflow starts nothing new while HALT holds.
    const count = async () =>
      (await api.executions.list.query({ workflowId: ticking.id, limit: 200 })).items.length;
    const before = await count();
    await page.waitForTimeout(1_000); // four ticks' worth
    expect(await count()).toBe(before);

    // Back to NORMAL: the halted execution continues from its checkpoint and finishes.
    await page.getByRole('button', { name: /^Emergency/ }).click();
    await panel.getByRole('radio', { name: /NORMAL/ }).check();
    await panel.getByLabel('Reason').fill('incident over');
    await panel.getByRole('button', { name: 'Set NORMAL' }).click();
    await panel.getByRole('button', { name: 'Close' }).click();
    await editor.expectStatus('After', 'succeeded');
    await expect(editor.runPanel.getByRole('status')).toHaveText('Succeeded');
    await expect.poll(count).toBeGreaterThan(before);
  } finally {
    await api.runtime.deactivate.mutate({ workflowId: ticking.id, overrides: 'discard' });
  }
});
