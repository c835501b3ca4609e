import { expect, type Locator, type Page } from '@playwright/test';

/** The workflow editor, as a user sees it: palette, canvas nodes, inspector, toolbar, run panel. */
export class EditorPage {
  readonly palette: Locator;
  readonly canvas: Locator;
  readonly inspector: Locator;
  readonly runPanel: Locator;

  constructor(readonly page: Page) {
    this.palette = page.getByRole('complementary', { name: 'Node palette' });
    this.canvas = page.getByRole('application', { name: 'Workflow canvas' });
    this.inspector = page.getByRole('complementary', { name: 'Inspector' });
    this.runPanel = page.getByRole('region', { name: 'Run' });
  }

  async goto(workflowId: string) {
    await this.page.goto(`/workflows/${workflowId}`);
    await expect(this.canvas).toBeVisible();
  }

  /** A canvas node by its name (React Flow's node element, a group named after the node). */
  node(name: string): Locator {
    return this.canvas.getByRole('group', { name, exact: true });
  }

  /** The element that carries `data-node-id` and `data-status`. */
  nodeBody(name: string): Locator {
    return this.node(name).locator('[data-status]');
  }

  get nodes(): Locator {
    return this.canvas.locator('[data-node-id]');
  }

  get edges(): Locator {
    return this.canvas.locator('.react-flow__edge');
  }

  /** A canvas edge by its accessible name: "Edge from Count · out to Log · in". */
  edge(from: [node: string, port: string], to: [node: string, port: string]): Locator {
    return this.canvas.getByRole('group', {
      name: `Edge from ${from.join(' · ')} to ${to.join(' · ')}`,
      exact: true,
    });
  }

  /** The keyboard connect dialog ("Connect Count · out to…", or "Connect If from…"). */
  get connectDialog(): Locator {
    return this.page.getByRole('dialog', { name: /^Connect / });
  }

  /** An input in the connect dialog's list: "Log · in". */
  connectTarget(node: string, port: string): Locator {
    return this.connectDialog
      .getByRole('list', { name: 'Inputs' })
      .getByRole('button', { name: new RegExp(`^${node} · ${port}\\b`) });
  }

  paletteItem(title: string): Locator {
    return this.palette.getByRole('button', { name: title, exact: true });
  }

  /** Drags a node type from the palette and drops it at (x, y) within the canvas. */
  async dragFromPalette(title: string, at: { x: number; y: number }) {
    await this.paletteItem(title).dragTo(this.canvas, { targetPosition: at });
  }

  handle(nodeName: string, kind: 'input' | 'output', port: string): Locator {
    const type = kind === 'input' ? 'target' : 'source';
    return this.node(nodeName).locator(`.react-flow__handle.${type}[data-handleid="${port}"]`);
  }

  /**
   * Drags from an output handle to an input handle. With `hold`, stops over the input without
   * releasing and returns the release, so a test can look at the canvas mid-drag.
   */
  async connect(
    from: [node: string, port: string],
    to: [node: string, port: string],
    { hold = false } = {},
  ) {
    const a = await this.handle(from[0], 'output', from[1]).boundingBox();
    const b = await this.handle(to[0], 'input', to[1]).boundingBox();
    if (!a || !b) throw new Error(`handle not on screen: ${from.join('.')} → ${to.join('.')}`);
    await this.page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
    const release = () => this.page.mouse.up();
    if (!hold) await release();
    return release;
  }

  /** Selects a node by clicking its title. */
  async select(name: string) {
    await this.node(name).getByText(name, { exact: true }).first().click();
    await expect(this.inspector.getByRole('heading', { name, exact: true })).toBeVisible();
  }

  /** Clicks the empty canvas, which clears the selection. */
  async deselect() {
    await this.canvas.locator('.react-flow__pane').click({ position: { x: 8, y: 8 } });
    await expect(this.inspector).toContainText('Select a node');
  }

  field(label: string): Locator {
    return this.inspector.getByLabel(label, { exact: true });
  }

  /** A foldout, list item or record row of the inspector (a group named after it). */
  group(name: string): Locator {
    return this.inspector.getByRole('group', { name, exact: true });
  }

  /** The item of an inspector list that holds the field with this label ("Case 2"). */
  listItem(fieldLabel: string): Locator {
    return this.inspector
      .getByRole('listitem')
      .filter({ has: this.page.getByLabel(fieldLabel, { exact: true }) })
      .last();
  }

  /** A button of the inspector by its accessible name (add, move, remove an item). */
  inspectorButton(name: string): Locator {
    return this.inspector.getByRole('button', { name, exact: true });
  }

  /** Drags a number field's label sideways (Shift: ten times the step), as Unity's inspector. */
  async scrub(label: string, dx: number, { shift = false } = {}) {
    const handle = this.inspector.getByTitle(/^Drag left or right/).filter({ hasText: label });
    const box = (await handle.boundingBox())!;
    const y = box.y + box.height / 2;
    await this.page.mouse.move(box.x + box.width / 2, y);
    if (shift) await this.page.keyboard.down('Shift');
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + box.width / 2 + dx, y, { steps: 12 });
    await this.page.mouse.up();
    if (shift) await this.page.keyboard.up('Shift');
  }

  button(name: string): Locator {
    return this.page
      .getByRole('toolbar', { name: 'Editor' })
      .getByRole('button', { name, exact: true });
  }

  async save() {
    await this.button('Save').click();
    await expect(this.page.getByText('Unsaved changes')).toBeHidden();
  }

  async run() {
    await this.button('Run').click();
    await expect(this.runPanel).toBeVisible();
  }

  async expectStatus(name: string, status: string) {
    await expect(this.nodeBody(name)).toHaveAttribute('data-status', status);
  }
}
