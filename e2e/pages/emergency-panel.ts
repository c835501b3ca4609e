import { expect, type Locator, type Page } from '@playwright/test';

/** The emergency panel behind the header's red button. */
export class EmergencyPanel {
  readonly dialog: Locator;
  readonly level: Locator;
  readonly banner: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('alertdialog', { name: 'Emergency' });
    this.level = this.dialog.getByTestId('emergency-level');
    this.banner = page.getByRole('status', { name: 'Emergency level' });
  }

  async open() {
    await this.page.getByRole('button', { name: /^Emergency/ }).click();
    await expect(this.dialog).toBeVisible();
  }

  async setNormal(reason: string) {
    await this.dialog.getByRole('radio', { name: /NORMAL/ }).check();
    await this.dialog.getByLabel('Reason').fill(reason);
    await this.dialog.getByRole('button', { name: 'Set NORMAL' }).click();
    await expect(this.level).toHaveText('NORMAL');
  }

  async close() {
    await this.dialog.getByRole('button', { name: 'Close' }).click();
    await expect(this.dialog).toBeHidden();
  }
}
