import { z } from 'zod';
import { defineNode } from './define-node';

const PATH = /^[a-z0-9]+(-[a-z0-9]+)*(\/[a-z0-9]+(-[a-z0-9]+)*)*$/;

/**
 * Starts the workflow when `/api/hooks/<path>` is called while the workflow is active; passes the
 * request (as the runtime's webhook handler describes it) on.
 */
export default defineNode({
  type: 'webhook-trigger',
  title: 'Webhook Trigger',
  category: 'Triggers',
  description: 'Starts the workflow when an HTTP request arrives at /api/hooks/<path>.',
  inputs: {},
  outputs: { out: 'json' },
  props: z.object({
    path: z
      .string()
      .trim()
      .max(200)
      .regex(
        PATH,
        'must be lowercase words of letters, digits and dashes, separated by "/" (like "orders/new")',
      )
      .default('my-hook')
      .meta({ description: 'The URL path after /api/hooks/, unique among active workflows.' }),
    method: z
      .enum(['POST', 'GET', 'PUT'])
      .default('POST')
      .meta({ description: 'The HTTP method the hook answers to.' }),
    respond: z.enum(['when-finished', 'immediately']).default('when-finished').meta({
      description:
        "Answer with the workflow's output once it has finished, or at once with 202 and the execution id.",
    }),
  }),
  sideEffects: false,
  trigger: 'webhook',
  run({ trigger }) {
    return { out: trigger ?? {} };
  },
});
