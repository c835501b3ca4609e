/**
 * Prop schemas that several node types share: state keys, channel names and JSON values.
 * Channel names are shared by the publish node and the event trigger, so they must agree.
 */
import { z } from 'zod';
import { templateProblem } from './template';

export const CHANNEL_RULE =
  'must be lowercase letters and digits in parts joined by . - _ : or / (like "prices.eth-usd")';
const CHANNEL = /^[a-z0-9]+([._:/-][a-z0-9]+)*$/;

export function channelSchema(description: string) {
  return z.string().trim().max(100).regex(CHANNEL, CHANNEL_RULE).meta({ description });
}

/** A refinement for text props with `{{placeholders}}`: each must be a path from input or trigger. */
export function checkTemplate(text: string, ctx: z.RefinementCtx) {
  const problem = templateProblem(text);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
}

/** A state key: text, with `{{input.symbol}}` placeholders to keep one value per symbol. */
export const stateKeySchema = z.string().trim().min(1).max(200).superRefine(checkTemplate).meta({
  description:
    "Name of the value in this workflow's state; {{input.x}} placeholders are filled in from the input.",
  widget: 'template',
});

/** Any JSON value (text, number, boolean, null, array or object). */
export const jsonValueSchema = z.json({ error: 'must be a JSON value' });
