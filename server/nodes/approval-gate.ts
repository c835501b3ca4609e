import { z } from 'zod';
import { UserError } from '../runtime/errors';
import { orderSummary } from '../trading/order-summary';
import { defineNode } from './define-node';
import { checkTemplate } from './shared/schemas';
import { renderTemplate } from './shared/template';

/**
 * Pauses the execution until someone approves or rejects (`runtime.approve` / `runtime.reject`),
 * or the time runs out, which counts as rejected. The wait is recorded, so it survives restarts.
 * When its input is an order (a cost-model result, a quote with a quantity), the approval's
 * details carry `order: { symbol, side, quantity, price, notional, … }` for the approver.
 */
export default defineNode({
  type: 'approval-gate',
  title: 'Approval Gate',
  category: 'Logic',
  description:
    'Waits for a person to approve or reject. Approved sends the input to "approved"; rejected or timed out sends { input, decision, by, comment } to "rejected".',
  inputs: { in: 'any' },
  outputs: { approved: 'any', rejected: 'json' },
  props: z.object({
    title: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .default('Approval required')
      .meta({ description: 'What the approver is asked, shown in the approval request.' }),
    summary: z.string().max(2_000).superRefine(checkTemplate).default('').meta({
      description:
        'More detail for the approver; {{input.x}} placeholders are filled in. An order in the input (symbol, quantity, price) is shown as an order too.',
      widget: 'textarea',
    }),
    timeoutMs: z.int().min(1_000).max(604_800_000).default(900_000).meta({
      description:
        'How long to wait, in milliseconds (default 15 minutes, at most 7 days); then it counts as rejected.',
      widget: 'scrub',
      step: 60_000,
    }),
  }),
  sideEffects: false,
  async run({ inputs, trigger, props, wait, resumed }) {
    if (!resumed) {
      const summary = renderTemplate('summary', props.summary, { input: inputs.in, trigger });
      const order = orderSummary(inputs.in);
      const details = {
        title: props.title,
        summary,
        input: inputs.in ?? null,
        ...(order && { order }),
      };
      return wait({ kind: 'approval', details, timeoutMs: props.timeoutMs });
    }
    if (resumed.kind !== 'approval')
      throw new UserError(
        'BAD_REQUEST',
        `approval-gate: resumed by "${resumed.kind}", expected an approval decision`,
      );
    if (resumed.decision === 'approved') return { approved: inputs.in ?? null };
    const { decision, by, comment } = resumed;
    return {
      rejected: {
        input: inputs.in ?? null,
        decision,
        by,
        ...(comment !== undefined && { comment }),
      },
    };
  },
});
