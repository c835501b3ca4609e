import { expect, type Locator, type Page } from '@playwright/test';

/** The header's Approvals link and the /approvals page, as a user sees them. */
export class ApprovalsPage {
  readonly link: Locator;
  readonly pending: Locator;
  readonly decisions: Locator;

  constructor(readonly page: Page) {
    this.link = page.getByRole('navigation', { name: 'Main' }).getByRole('link', {
      name: /^Approvals/,
    });
    this.pending = page.getByRole('region', { name: /^Waiting for a decision/ });
    this.decisions = page.getByRole('list', { name: 'Recent decisions' });
  }

  async open() {
    await this.link.click();
    await expect(this.page.getByRole('heading', { name: 'Approvals', level: 1 })).toBeVisible();
  }

  /** The pending approvals, oldest first. */
  get cards(): Locator {
    return this.pending.getByRole('article');
  }

  /** A detail of a card ("Size", "Notional"…): the definition next to its term. */
  detail(card: Locator, term: string): Locator {
    return card.locator('dt', { hasText: new RegExp(`^${term}$`) }).locator('+ dd');
  }

  async decide(card: Locator, decision: 'Approve' | 'Reject', comment?: string) {
    if (comment) await card.getByLabel('Comment (optional)').fill(comment);
    await card.getByRole('button', { name: decision, exact: true }).click();
  }
}
