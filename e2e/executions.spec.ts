import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { nanoid } from 'nanoid';
import { apiClient, createChain, runToEnd } from './fixtures/api';
import { EditorPage } from './pages/editor-page';
import { ExecutionsPage } from './pages/executions-page';

test.use({ viewport: { width: 1440, height: 900 } });

/** Trigger → a price check that throws above 100 → a log line. */
async function priceCheckWorkflow(baseURL: string) {
  return createChain(baseURL, `Price guard ${nanoid(6)}`, [
    { id: 'start', name: 'Start', type: 'manual-trigger' },
    {
      id: 'check',
      name: 'Check price',
      type: 'script',
      props: {
        code: "if (input.price > 100) throw new Error('price ' + input.price + ' is above the limit');\nreturn input;",
      },
    },
    { id: 'note', name: 'Note', type: 'log' },
  ]);
}

test('find the failed execution, inspect it, replay it on the canvas, re-run it and see it arrive live', async ({
  page,
  baseURL,
}) => {
  const workflow = await priceCheckWorkflow(baseURL!);
  await runToEnd(baseURL!, workflow.id, { price: 40 });
  const failed = await runToEnd(baseURL!, workflow.id, { price: 150 });
  await runToEnd(baseURL!, workflow.id, { price: 70 });
  expect(failed.status).toBe('failed');

  // 1. Filter to this workflow's failed executions.
  const history = new ExecutionsPage(page);
  await history.goto();
  await history.workflowSelect.selectOption({ label: workflow.name });
  await expect(history.rows).toHaveCount(3);
  await expect(history.statusChip('Failed')).toHaveAccessibleName(/Failed 1/);
  await history.statusChip('Failed').click();
  await expect(history.statusChip('Failed')).toHaveAttribute('aria-pressed', 'true');
  await expect(history.rows).toHaveCount(1);
  await expect(history.row(failed.executionId)).toContainText('Failed');

  // 2. Open it: the failing node's error and the input that made it fail, in the timeline.
  await history.link(failed.executionId).click();
  await expect(
    page.getByRole('heading', { name: `Execution ${failed.executionId}` }),
  ).toBeVisible();
  await expect(history.timelineRun('Start', 'succeeded')).toBeVisible();
  await expect(history.timelineRun('Note', 'succeeded')).toHaveCount(0);
  const failedRun = history.timelinePanel('Check price', 'failed');
  await expect(history.timelineRun('Check price', 'failed')).toHaveAttribute(
    'aria-expanded',
    'true',
  );
  await expect(failedRun.getByRole('note')).toContainText('price 150 is above the limit');
  await expect(failedRun.getByRole('group').filter({ hasText: 'Input' })).toContainText('150');

  // 3. On the canvas: the version that ran, read-only, the failed node marked.
  await history.action('Open in editor').click();
  await expect(page).toHaveURL(
    new RegExp(`/workflows/${workflow.id}\\?execution=${failed.executionId}$`),
  );
  const editor = new EditorPage(page);
  const replay = page.getByRole('region', { name: 'Execution replay' });
  await expect(replay).toContainText(`Viewing execution ${failed.executionId}`);
  await expect(replay).toContainText('(read-only)');
  await editor.expectStatus('Check price', 'failed');
  await editor.expectStatus('Start', 'succeeded');
  await expect(editor.nodeBody('Check price')).toContainText('price 150 is above the limit');
  await expect(editor.palette).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Save' })).toHaveCount(0);
  await expect(page.getByRole('complementary', { name: 'Recorded run' })).toContainText(
    'price 150 is above the limit',
  );

  // 4. A second tab shows the list; the re-run started in the first one appears at its top.
  const tab = await page.context().newPage();
  const live = new ExecutionsPage(tab);
  await live.goto(`?workflow=${workflow.id}`);
  await expect(live.rows).toHaveCount(3);

  await replay.getByRole('link', { name: 'Execution details' }).click();
  await history.action(`Re-run on v${workflow.version}`).click();
  await expect(page).not.toHaveURL(new RegExp(`/executions/${failed.executionId}$`));
  const rerunId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
  await expect(page.getByRole('link', { name: failed.executionId, exact: true })).toBeVisible();

  await expect(live.rows).toHaveCount(4);
  await expect(live.rows.first().getByRole('link', { name: `Execution ${rerunId}` })).toBeVisible();
  await expect(live.rows.first()).toContainText('Re-run');
  await expect(live.rows.first()).toContainText('Failed');
});

/** A price guard run twice (one succeeded, one failed), and the history showing that workflow. */
async function historyOfTwoRuns(page: Page, baseURL: string) {
  const workflow = await priceCheckWorkflow(baseURL);
  await runToEnd(baseURL, workflow.id, { price: 10 });
  const failed = await runToEnd(baseURL, workflow.id, { price: 500 });
  const history = new ExecutionsPage(page);
  await history.goto();
  await history.workflowSelect.selectOption({ label: workflow.name });
  await expect(history.rows).toHaveCount(2);
  return { workflow, history, failed };
}

test('filters changed in quick succession all apply', async ({ page, baseURL }) => {
  const { workflow, history, failed } = await historyOfTwoRuns(page, baseURL!);
  // Three changes without waiting for any to show: none may undo another.
  await history.statusChip('Failed').click();
  await history.statusChip('Succeeded').click();
  await history.triggerSelect.selectOption({ label: 'Manual' });
  await expect(page).toHaveURL(/status=(succeeded(%2C|,)failed|failed(%2C|,)succeeded)/);
  await expect(page).toHaveURL(/trigger=manual/);
  await expect(page).toHaveURL(new RegExp(`workflow=${workflow.id}`));
  await expect(history.statusChip('Failed')).toHaveAttribute('aria-pressed', 'true');
  await expect(history.statusChip('Succeeded')).toHaveAttribute('aria-pressed', 'true');
  await expect(history.rows).toHaveCount(2);
  await history.statusChip('Succeeded').click();
  await expect(history.rows).toHaveCount(1);
  await expect(history.row(failed.executionId)).toBeVisible();
});

test('the URL holds the filters: reload keeps them, back and forward step between them', async ({
  page,
  baseURL,
}) => {
  const { workflow, history, failed } = await historyOfTwoRuns(page, baseURL!);
  await history.statusChip('Failed').click();
  await history.triggerSelect.selectOption({ label: 'Manual' });
  await expect(page).toHaveURL(/status=failed/);
  await expect(page).toHaveURL(/trigger=manual/);
  await expect(page).toHaveURL(new RegExp(`workflow=${workflow.id}`));

  await page.reload();
  await expect(history.statusChip('Failed')).toHaveAttribute('aria-pressed', 'true');
  await expect(history.workflowSelect).toHaveValue(workflow.id);
  await expect(history.triggerSelect).toHaveValue('manual');
  await expect(history.rows).toHaveCount(1);
  await expect(history.row(failed.executionId)).toBeVisible();

  await page.goBack();
  await expect(history.triggerSelect).toHaveValue('');
  await expect(history.statusChip('Failed')).toHaveAttribute('aria-pressed', 'true');
  await page.goBack();
  await expect(history.statusChip('Failed')).toHaveAttribute('aria-pressed', 'false');
  await expect(history.rows).toHaveCount(2);
  await page.goForward();
  await expect(history.rows).toHaveCount(1);

  // An id search finds one execution by the start of its id.
  await history.goto();
  await page.getByLabel('Execution id').fill(failed.executionId.slice(0, 8));
  await expect(page).toHaveURL(new RegExp(`q=${failed.executionId.slice(0, 8)}`));
  await expect(history.row(failed.executionId)).toBeVisible();
});

test('delete a filtered set, after a confirmation that names how many', async ({
  page,
  baseURL,
}) => {
  const workflow = await priceCheckWorkflow(baseURL!);
  await runToEnd(baseURL!, workflow.id, { price: 1 });
  await runToEnd(baseURL!, workflow.id, { price: 101 });
  await runToEnd(baseURL!, workflow.id, { price: 102 });

  // The workflow's own list, from its editor.
  const editor = new EditorPage(page);
  await editor.goto(workflow.id);
  await page.getByRole('link', { name: 'Executions of this workflow' }).click();
  await expect(page).toHaveURL(new RegExp(`/workflows/${workflow.id}/executions$`));
  const history = new ExecutionsPage(page);
  await expect(history.rows).toHaveCount(3);
  await expect(history.workflowSelect).toHaveCount(0);

  await history.statusChip('Failed').click();
  await expect(page).toHaveURL(new RegExp(`/workflows/${workflow.id}/executions\\?status=failed$`));
  await expect(history.rows).toHaveCount(2);
  await page.getByRole('button', { name: 'Delete matching…' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Delete 2 executions?' });
  await dialog.getByRole('button', { name: 'Delete 2 executions' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status')).toContainText('Deleted 2 executions');
  await expect(
    page.getByRole('heading', { name: 'No executions match these filters' }),
  ).toBeVisible();

  await history.statusChip('All').click();
  await expect(history.rows).toHaveCount(1);
  await expect(history.rows.first()).toContainText('Succeeded');
  await expect(history.statusChip('Failed')).toHaveAccessibleName(/Failed 0/);
});

test('an execution waiting for approval updates live on its page: cancel it, then delete it', async ({
  page,
  baseURL,
}) => {
  const workflow = await createChain(baseURL!, `Approval ${nanoid(6)}`, [
    { id: 'start', name: 'Start', type: 'manual-trigger' },
    { id: 'approve', name: 'Sign off', type: 'approval-gate', props: { title: 'Go?' } },
  ]);
  const { executionId } = await apiClient(baseURL!).runtime.run.mutate({
    workflowId: workflow.id,
  });

  const history = new ExecutionsPage(page);
  await page.goto(`/executions/${executionId}`);
  const status = page.getByRole('status', { name: /^Execution status/ });
  await expect(status).toHaveAccessibleName('Execution status: waiting');
  await expect(history.timelineRun('Sign off', 'waiting')).toBeVisible();
  await expect(history.action('Delete')).toBeDisabled();

  await history.action('Cancel execution').click();
  await expect(status).toHaveAccessibleName('Execution status: cancelled');
  await expect(history.action('Cancel execution')).toHaveCount(0);

  await history.action('Delete').click();
  const dialog = page.getByRole('alertdialog', { name: 'Delete this execution?' });
  await dialog.getByRole('button', { name: 'Delete execution' }).click();
  await expect(page).toHaveURL(/\/executions$/);
  await expect(page.getByRole('status').filter({ hasText: 'Execution deleted.' })).toBeVisible();
  await expect(history.link(executionId)).toHaveCount(0);
});

test('a payload over 64 KB shows its size and a preview, and downloads in full', async ({
  page,
  baseURL,
}) => {
  const workflow = await priceCheckWorkflow(baseURL!);
  const note = 'x'.repeat(70_000);
  const { executionId } = await runToEnd(baseURL!, workflow.id, { price: 5, note });

  const history = new ExecutionsPage(page);
  await page.goto(`/executions/${executionId}`);
  await history.timelineRun('Start', 'succeeded').click();
  const start = history.timelinePanel('Start', 'succeeded');
  await expect(start).toContainText(/Large payload: 68\.\d KB/);
  const download = page.waitForEvent('download');
  await start.getByRole('button', { name: /^Download/ }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`${executionId}-start-1-outputs.json`);
  const saved = JSON.parse(await readFile(await file.path(), 'utf8')) as {
    out: { note: string };
  };
  expect(saved.out.note).toHaveLength(70_000);
});

test('scrolled down the list, new executions wait behind a button instead of moving the rows', async ({
  page,
  baseURL,
}) => {
  const workflow = await priceCheckWorkflow(baseURL!);
  for (const price of [1, 2, 3, 4]) await runToEnd(baseURL!, workflow.id, { price });

  await page.setViewportSize({ width: 1440, height: 420 });
  const history = new ExecutionsPage(page);
  await history.goto(`?workflow=${workflow.id}`);
  await expect(history.rows).toHaveCount(4);
  await history.rows.last().scrollIntoViewIfNeeded();
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(200);

  const { executionId } = await runToEnd(baseURL!, workflow.id, { price: 5 });
  const show = page.getByRole('button', { name: '1 new execution — show' });
  await expect(show).toBeVisible();
  await expect(history.rows).toHaveCount(4);

  await show.click();
  await expect(history.rows).toHaveCount(5);
  await expect(
    history.rows.first().getByRole('link', { name: `Execution ${executionId}` }),
  ).toBeVisible();
  await expect(show).toHaveCount(0);
});

test('a webhook request queued behind a slow run is listed as queued and can be cancelled from its page', async ({
  page,
  baseURL,
}) => {
  const path = `e2e/queued-${nanoid(6)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, 'x')}`;
  const api = apiClient(baseURL!);
  const chain = await createChain(baseURL!, `Queued checks ${nanoid(6)}`, [
    {
      id: 'hook',
      name: 'Price webhook',
      type: 'webhook-trigger',
      props: { path, respond: 'immediately' },
    },
    { id: 'wait', name: 'Wait', type: 'delay', props: { ms: 20_000 } },
  ]);
  const { workflow } = await api.workflows.get.query({ id: chain.id });
  await api.workflows.save.mutate({
    workflow: { ...workflow, settings: { concurrency: 'queue' } },
  });
  await api.runtime.activate.mutate({ workflowId: workflow.id });
  try {
    const post = async () => {
      const res = await fetch(`${baseURL}/api/hooks/${path}`, { method: 'POST' });
      expect(res.status).toBe(202);
      return (await res.json()) as { executionId: string; status?: string };
    };
    const ahead = await post();
    const queued = await post();
    expect(queued.status).toBe('queued');

    await page.goto(`/executions/${queued.executionId}`);
    const status = page.getByRole('status', { name: /^Execution status/ });
    await expect(status).toHaveText('Queued');
    await expect(page.getByText('No node has run yet.')).toBeVisible();
    await page.getByRole('button', { name: 'Cancel execution' }).click();
    await expect(page.getByText('Execution cancelled.')).toBeVisible();
    await expect(status).toHaveText('Cancelled');
    await expect(page.getByRole('note')).toContainText(
      /^Cancelled: cancelled by .* before its turn/,
    );
    await api.runtime.cancel.mutate({ executionId: ahead.executionId });
  } finally {
    await api.runtime.deactivate.mutate({ workflowId: workflow.id });
  }
});
