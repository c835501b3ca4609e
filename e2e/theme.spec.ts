import { expect, test, type Page } from '@playwright/test';
import { nanoid } from 'nanoid';
import { apiClient } from './fixtures/api';

/** The canvas background's lightness, 0 (black) to 255 (white). */
async function canvasLightness(page: Page): Promise<number> {
  return page.locator('.react-flow').evaluate((el) => {
    // Painted on a canvas, since the computed colour may be lab() or oklch().
    const ctx = document.createElement('canvas').getContext('2d')!;
    ctx.fillStyle = getComputedStyle(el).backgroundColor;
    ctx.fillRect(0, 0, 1, 1);
    const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data;
    return (r! + g! + b!) / 3;
  });
}

async function openWorkflow(page: Page, baseURL: string) {
  const api = apiClient(baseURL);
  const wf = await api.workflows.create.mutate({ name: `Theme ${nanoid(6)}` });
  await api.workflows.save.mutate({
    workflow: {
      ...wf,
      nodes: [
        { id: 'start', type: 'manual-trigger', name: 'Start', position: { x: 0, y: 0 }, props: {} },
      ],
      edges: [],
    },
  });
  await page.goto(`/workflows/${wf.id}`);
  await expect(page.locator('[data-node-id="start"]')).toBeVisible();
}

test.describe('with a dark system theme', () => {
  test.use({ colorScheme: 'dark' });

  test('the header toggle switches to light, the canvas turns light, and a reload keeps it', async ({
    page,
    baseURL,
  }) => {
    await openWorkflow(page, baseURL!);
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    expect(await canvasLightness(page)).toBeLessThan(60);

    await page.getByRole('button', { name: 'Switch to light theme' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    await expect(page.locator('.react-flow')).toHaveClass(/\blight\b/);
    expect(await canvasLightness(page)).toBeGreaterThan(200);

    await page.reload();
    await expect(page.locator('[data-node-id="start"]')).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    expect(await canvasLightness(page)).toBeGreaterThan(200);
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  });
});

test.describe('with a light system theme', () => {
  test.use({ colorScheme: 'light' });

  test('the first paint is already light, with nothing chosen', async ({ page, baseURL }) => {
    // data-theme is set by the script in <head>, before the page's own code runs.
    await page.addInitScript(() => {
      document.addEventListener('DOMContentLoaded', () => {
        (window as unknown as { themeAtFirstParse?: string }).themeAtFirstParse =
          document.documentElement.dataset.theme;
      });
    });
    await openWorkflow(page, baseURL!);
    expect(
      await page.evaluate(() => (window as { themeAtFirstParse?: string }).themeAtFirstParse),
    ).toBe('light');
    expect(await canvasLightness(page)).toBeGreaterThan(200);
    await expect(page.getByRole('button', { name: 'Switch to dark theme' })).toBeVisible();
  });
});
