import { expect, type Locator, type Page } from '@playwright/test';

/** The portfolio (editor panel or /portfolio page): PnL totals, positions, recent orders. */
export class PortfolioPanel {
  readonly root: Locator;

  constructor(page: Page) {
    this.root = page.getByRole('region', { name: 'Portfolio', exact: true });
  }

  /** "Realised PnL", "Unrealised PnL" or "Total PnL", as shown (e.g. "+12.34"). */
  total(label: 'Realised PnL' | 'Unrealised PnL' | 'Total PnL'): Locator {
    return this.root.getByLabel(label, { exact: true });
  }

  async totalValue(label: 'Realised PnL' | 'Unrealised PnL' | 'Total PnL'): Promise<number> {
    const text = (await this.total(label).textContent()) ?? '';
    return Number(text.replace(/[^0-9.+-]/g, ''));
  }

  get orders(): Locator {
    return this.root.getByRole('table', { name: 'Recent orders' }).getByRole('row');
  }

  async expectFilledOrder(text: string | RegExp) {
    await expect(
      this.orders.filter({ hasText: text }).filter({ hasText: 'filled' }),
    ).not.toHaveCount(0);
  }
}
