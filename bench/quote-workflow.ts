/**
 * The 5-node workflow of issue 4's figures: trigger → set fields → threshold → transform → log.
 * The executor bench starts it by hand with `{ price }`; the webhook bench posts `{ price }`,
 * which the webhook trigger hands on as `body`.
 */
import type { WorkflowNode } from '../lib/workflow';
import { edge, node } from '../server/testing/runtime';

export function quoteGraph(trigger: WorkflowNode, pricePath: string) {
  return {
    nodes: [
      trigger,
      node('set', 'set-fields', { fields: { venue: 'paper' } }),
      node('threshold', 'threshold-check', { field: pricePath, threshold: 100 }),
      node('transform', 'transform', {
        expression: `{ "side": "sell", "price": input.${pricePath} }`,
      }),
      node('log', 'log', { level: 'debug' }),
    ],
    edges: [
      edge(trigger.id, 'set'),
      edge('set', 'threshold'),
      edge('threshold', 'transform', 'above'),
      edge('transform', 'log'),
    ],
  };
}
