import { at, wire, type WorkflowTemplate } from './template';

/** The general-purpose pattern: receive JSON, reshape it, forward it to another API. */
const webhookTransformHttp: WorkflowTemplate = {
  id: 'webhook-transform-http',
  name: 'Webhook → transform → HTTP',
  description:
    "POST JSON to /api/hooks/orders/incoming → a JSONata transform reshapes it → it is forwarded to an HTTP API; the webhook answers with the API's response.",
  workflow: {
    nodes: [
      at('hook', 'webhook-trigger', 'Incoming order', 0, 1, {
        path: 'orders/incoming',
        method: 'POST',
        respond: 'when-finished',
      }),
      at('shape', 'transform', 'Reshape', 1, 1, {
        expression:
          '{ "symbol": $uppercase(input.body.pair), "side": input.body.side, "quantity": $number(input.body.qty), "receivedAt": $now() }',
      }),
      at('forward', 'http-request', 'Forward', 2, 1, {
        method: 'POST',
        url: 'https://example.com/api/orders',
        bodyFrom: 'input',
      }),
    ],
    edges: [wire('hook', 'out', 'shape'), wire('shape', 'out', 'forward')],
  },
};

export default webhookTransformHttp;
