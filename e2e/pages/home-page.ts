import { expect, type Locator, type Page } from '@playwright/test';

/** The workflows list, as a user sees it: by roles and labels. */
export class HomePage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto('/');
    await expect(this.page.getByRole('heading', { name: 'Workflows', level: 1 })).toBeVisible();
  }

  row(name: string): Locator {
    return this.page
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name: new RegExp(`^${escape(name)}`) }) });
  }

  async create(name: string) {
    await this.page.getByRole('button', { name: 'New workflow' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'New workflow' });
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByRole('button', { name: 'Create' }).click();
  }

  /** "New from template": picks the template, names the workflow, and lands in its editor. */
  async createFromTemplate(template: string, name: string) {
    await this.page.getByRole('button', { name: 'New from template' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'New from template' });
    await dialog.getByRole('radio', { name: template }).check();
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByRole('button', { name: 'Create and open' }).click();
    await expect(this.page).toHaveURL(/\/workflows\//);
  }

  async rename(from: string, to: string) {
    await this.page.getByRole('button', { name: `Rename ${from}` }).click();
    const dialog = this.page.getByRole('dialog', { name: `Rename “${from}”` });
    await dialog.getByLabel('Name').fill(to);
    await dialog.getByRole('button', { name: 'Rename' }).click();
    await expect(dialog).toBeHidden();
  }

  async exportToFile(name: string) {
    const download = this.page.waitForEvent('download');
    await this.page.getByRole('button', { name: `Export ${name}` }).click();
    return download;
  }

  async delete(name: string) {
    await this.page.getByRole('button', { name: `Delete ${name}` }).click();
    const dialog = this.page.getByRole('alertdialog', { name: `Delete “${name}”?` });
    await dialog.getByRole('button', { name: 'Delete workflow' }).click();
    await expect(dialog).toBeHidden();
  }

  async importFile(file: { name: string; buffer: Buffer } | string) {
    const input = this.page.getByLabel('Import workflow');
    if (typeof file === 'string') await input.setInputFiles(file);
    else
      await input.setInputFiles({
        name: file.name,
        mimeType: 'application/json',
        buffer: file.buffer,
      });
  }
}

function escape(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
