/** The workflow templates, in the order the "New from template" dialog lists them. */
import btcArbitrage from './btc-arbitrage';
import gpuPriceWatcher from './gpu-price-watcher';
import type { WorkflowTemplate } from './template';
import webhookTransformHttp from './webhook-transform-http';

export const templates: readonly WorkflowTemplate[] = [
  btcArbitrage,
  gpuPriceWatcher,
  webhookTransformHttp,
];

export function findTemplate(id: string): WorkflowTemplate | undefined {
  return templates.find((t) => t.id === id);
}

/** What the template list shows. */
export const templateSummaries = () =>
  templates.map((t) => ({
    id: t.id,
    name: t.name,
    description: t.description,
    nodeCount: t.workflow.nodes?.length ?? 0,
  }));
