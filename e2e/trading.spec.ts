import { expect, test } from '@playwright/test';
import { nanoid } from 'nanoid';
import { apiClient } from './fixtures/api';
import { ApprovalsPage } from './pages/approvals-page';
import { EditorPage } from './pages/editor-page';
import { EmergencyPanel } from './pages/emergency-panel';
import { HomePage } from './pages/home-page';
import { PortfolioPanel } from './pages/portfolio-panel';

test.use({ viewport: { width: 1600, height: 900 } });

const ARBITRAGE = 'Cross-venue BTC arbitrage (paper)';
const TEMPLATES = [ARBITRAGE, 'GPU marketplace price watcher', 'Webhook → transform → HTTP'];

// The emergency level outlives a test: whatever happens, the next one starts at NORMAL.
test.afterEach(async ({ baseURL }) => {
  await apiClient(baseURL!).emergency.set.mutate({ level: 'NORMAL', reason: 'e2e cleanup' });
});

test('a newcomer runs the arbitrage template: orders fill, the loss limit halts it, a large order waits for approval', async ({
  page,
  baseURL,
}) => {
  // A tick a second, orders, a HALT and an approval: about a minute of a live bot.
  test.setTimeout(240_000);
  const api = apiClient(baseURL!);

  // 1. A fresh start already holds the templates as workflows.
  const home = new HomePage(page);
  await home.goto();
  for (const name of TEMPLATES) await expect(home.row(name)).toBeVisible();

  // 2. New from template: a copy of the arbitrage bot, under a name of our own, opens.
  const name = `Arbitrage ${nanoid(6)}`;
  await home.createFromTemplate(ARBITRAGE, name);
  const editor = new EditorPage(page);
  await expect(editor.canvas).toBeVisible();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  const workflowId = decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1)!);
  const portfolio = new PortfolioPanel(page);
  await expect(portfolio.total('Total PnL')).toHaveText('0.00');

  try {
    // 3. Activate: the ticks light the nodes up.
    await editor.button('Activate').click();
    await expect(page.getByTestId('activation-state')).toHaveText('● Active');
    await editor.expectStatus('BTC on sim-a', 'succeeded');
    await editor.expectStatus('Cost model', 'succeeded');

    // 4. Paper orders fill and the PnL moves, in the editor's portfolio panel.
    await expect(portfolio.orders.filter({ hasText: 'filled' }).first()).toBeVisible({
      timeout: 45_000,
    });
    await expect(editor.nodeBody('Buy leg')).toHaveAttribute('data-status', 'succeeded');
    await expect.poll(() => portfolio.totalValue('Total PnL'), { timeout: 30_000 }).not.toBe(0);

    // 5. The bot makes money, and its risk limit is trailing: the loss counts from today's peak
    // PnL. Tightening the loss limit live, in the inspector, halts everything automatically as
    // soon as the marks give back more than that from the day's best.
    await expect
      .poll(() => portfolio.totalValue('Total PnL'), { timeout: 30_000 })
      .toBeGreaterThan(0);
    await editor.select('Risk limit');
    await expect(editor.field('Loss from').locator('option:checked')).toHaveText('peak');
    await editor.field('Daily loss limit').fill('1');
    const emergency = new EmergencyPanel(page);
    await expect(emergency.banner).toContainText('HALT', { timeout: 20_000 });
    await emergency.open();
    await expect(emergency.level).toHaveText('HALT');
    await expect(emergency.dialog).toContainText(
      /risk limit breached: drawdown \d+\.\d{2} from today's peak \(-?\d+\.\d{2} → -?\d+\.\d{2}\) > limit 1\.00/,
    );
    await expect(emergency.dialog).toContainText(`rule risk-limit:${workflowId}/risk: drawdown`);
    await emergency.close();

    // 6. Drop the live change, then lift the HALT from the panel.
    await page
      .getByRole('group', { name: 'Live overrides' })
      .getByRole('button', { name: 'Revert' })
      .click();
    await expect(page.getByRole('group', { name: 'Live overrides' })).toBeHidden();
    await emergency.open();
    await emergency.setNormal('loss limit reviewed');
    await emergency.close();
    await expect(emergency.banner).toBeHidden();

    // 7. An order above 0.25 BTC waits for a person: the header counts it, the page shows it.
    const approvals = new ApprovalsPage(page);
    await expect(approvals.link).toHaveAccessibleName(/^Approvals, \d+ pending$/, {
      timeout: 60_000,
    });
    await expect(page.getByTestId('approvals-badge')).toHaveText(/^[1-9]\d*$/);
    await approvals.open();
    const card = approvals.cards.filter({ hasText: name }).first();
    await expect(card.getByRole('heading', { name: 'Large arbitrage order' })).toBeVisible();
    await expect(approvals.detail(card, 'Symbol')).toHaveText('BTC-USD');
    await expect(approvals.detail(card, 'Side')).toContainText('BUY');
    await expect(approvals.detail(card, 'Notional')).toContainText(/\d{1,3}(,\d{3})*\.\d{2}/);
    const size = (await approvals.detail(card, 'Size').textContent())!;
    expect(Number(size)).toBeGreaterThan(0.25);

    // 8. Approved, it goes through: both legs fill at that size; the decision names who made it.
    await approvals.decide(card, 'Approve', 'spread checked by hand');
    await expect(approvals.decisions.getByRole('listitem').first()).toContainText(
      /Approved.*BTC-USD.*by local/,
    );
    await expect(approvals.decisions).toContainText('spread checked by hand');
    // It stays on record: a reload (or another person's browser) still shows who decided.
    await page.reload();
    await expect(approvals.decisions.getByRole('listitem').first()).toContainText(
      /Approved.*BTC-USD.*by local/,
    );
    await expect(approvals.decisions).toContainText('spread checked by hand');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Portfolio' })
      .click();
    const book = new PortfolioPanel(page);
    await book.expectFilledOrder(`BUY ${size} BTC-USD`);
    await book.expectFilledOrder(`SELL ${size} BTC-USD`);
  } finally {
    await api.runtime.deactivate.mutate({ workflowId, overrides: 'discard' });
    for (const a of await api.runtime.approvals.query())
      if (a.workflowId === workflowId)
        await api.runtime.reject.mutate({ approvalId: a.id }).catch(() => {});
  }
});
