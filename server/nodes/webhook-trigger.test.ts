import { describe, expect, it } from 'vitest';
import { propIssues } from '../testing/prop-issues';
import { runNodeForTest } from '../testing/run-node';
import webhookTrigger from './webhook-trigger';

describe('webhook-trigger', () => {
  it('passes the request on through "out", or an empty object', async () => {
    const trigger = { method: 'POST', body: { orderId: 7 }, query: {}, headers: {} };
    expect((await runNodeForTest(webhookTrigger, { trigger })).outputs).toEqual({ out: trigger });
    expect((await runNodeForTest(webhookTrigger)).outputs).toEqual({ out: {} });
  });

  it('is a webhook trigger answering POST when finished by default', async () => {
    expect(webhookTrigger.trigger).toBe('webhook');
    expect(webhookTrigger.sideEffects).toBe(false);
    expect((await runNodeForTest(webhookTrigger)).props).toEqual({
      path: 'my-hook',
      method: 'POST',
      respond: 'when-finished',
    });
  });

  it.each(['orders', 'orders/new', 'v2/price-feed/eth-usd', 'a1/b2'])(
    'accepts the path %s',
    (path) => {
      expect(propIssues(webhookTrigger, { path })).toEqual([]);
    },
  );

  it.each(['Orders', '/orders', 'orders/', 'orders//new', 'orders?x=1', 'a b', '-x', 'x--y', ''])(
    'refuses the path %j',
    (path) => {
      const issues = propIssues(webhookTrigger, { path });
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatch(/^path: must be/);
    },
  );

  it('refuses other methods and respond modes', () => {
    expect(propIssues(webhookTrigger, { method: 'DELETE' })).toEqual([
      'method: must be one of "POST", "GET", "PUT"',
    ]);
    expect(propIssues(webhookTrigger, { respond: 'later' })).toEqual([
      'respond: must be one of "when-finished", "immediately"',
    ]);
    expect(propIssues(webhookTrigger, { method: 'GET', respond: 'immediately' })).toEqual([]);
  });
});
