import { z } from 'zod';
import { defineNode } from './define-node';
import {
  headersSchema,
  hostOf,
  sendHttp,
  statusError,
  timeoutSchema,
  urlSchema,
} from './shared/http';
import { checkTemplate } from './shared/schemas';
import { renderTemplate } from './shared/template';

/** POSTs a JSON notification (Slack-compatible `text`, plus the input) to a URL; passes the input on. */
export default defineNode({
  type: 'notify',
  title: 'Notify',
  category: 'Network',
  description:
    'POSTs { text, input, workflowId, executionId } as JSON to a URL (a chat webhook, a pager), then passes the input on. Fails unless the answer is 2xx.',
  inputs: { in: 'any' },
  outputs: { out: 'any' },
  props: z.object({
    url: urlSchema(
      'The http(s) URL to POST to, such as a Slack or Mattermost incoming webhook.',
    ).default('https://example.com/hooks/notify'),
    message: z.string().max(4_000).superRefine(checkTemplate).default('').meta({
      description: 'The text of the notification; {{input.x}} placeholders are filled in.',
      widget: 'textarea',
    }),
    includeInput: z
      .boolean()
      .default(true)
      .meta({ description: 'Send the input along in the "input" field.' }),
    headers: headersSchema,
    timeoutMs: timeoutSchema(10_000),
  }),
  sideEffects: true,
  target: (props) => hostOf(props.url),
  async run({ inputs, trigger, props, signal, execution }) {
    const scope = { input: inputs.in, trigger };
    const url = renderTemplate('url', props.url, scope, encodeURIComponent);
    const body = {
      text: renderTemplate('message', props.message, scope),
      ...(props.includeInput && { input: inputs.in ?? null }),
      workflowId: execution.workflowId,
      executionId: execution.id,
    };
    const res = await sendHttp({
      url,
      method: 'POST',
      headers: props.headers,
      body,
      timeoutMs: props.timeoutMs,
      signal,
    });
    if (res.status < 200 || res.status >= 300) throw statusError({ method: 'POST', url }, res);
    return { out: inputs.in ?? null };
  },
});
