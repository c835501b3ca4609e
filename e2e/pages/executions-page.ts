import { expect, type Locator, type Page } from '@playwright/test';

/** The execution history, as a user sees it: the list with its filters, and one execution. */
export class ExecutionsPage {
  readonly statusFilter: Locator;
  readonly timeline: Locator;

  constructor(readonly page: Page) {
    this.statusFilter = page.getByRole('group', { name: 'Status' });
    this.timeline = page.getByRole('region', { name: 'Timeline' });
  }

  async goto(query = '') {
    await this.page.goto(`/executions${query}`);
    await expect(this.page.getByRole('heading', { name: 'Executions', level: 1 })).toBeVisible();
  }

  /** A status chip, e.g. "Failed" (its name also holds the count). */
  statusChip(label: string): Locator {
    return this.statusFilter.getByRole('button', { name: new RegExp(`^${label}\\b`) });
  }

  get workflowSelect(): Locator {
    return this.page.getByLabel('Workflow', { exact: true });
  }

  get triggerSelect(): Locator {
    return this.page.getByLabel('Trigger', { exact: true });
  }

  /** The list's rows (the header row aside), newest first. */
  get rows(): Locator {
    return this.page.getByRole('row').filter({ has: this.page.getByRole('rowheader') });
  }

  link(executionId: string): Locator {
    return this.page.getByRole('link', { name: `Execution ${executionId}`, exact: true });
  }

  row(executionId: string): Locator {
    return this.rows.filter({ has: this.link(executionId) });
  }

  /** A node run's row in the timeline: "<node name>: <status>". */
  timelineRun(nodeName: string, status: string): Locator {
    return this.timeline.getByRole('button', { name: `${nodeName}: ${status}`, exact: true });
  }

  /** The open panel of a timeline row (its error, input and output). */
  timelinePanel(nodeName: string, status: string): Locator {
    // A `has` locator is relative to the item it filters: not rooted at the timeline.
    const run = this.page.getByRole('button', { name: `${nodeName}: ${status}`, exact: true });
    return this.timeline.getByRole('listitem').filter({ has: run });
  }

  action(name: string | RegExp): Locator {
    return this.page
      .getByRole('toolbar', { name: 'Execution actions' })
      .getByRole(typeof name === 'string' && name === 'Open in editor' ? 'link' : 'button', {
        name,
      });
  }
}
