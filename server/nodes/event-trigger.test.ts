import { describe, expect, it } from 'vitest';
import { propIssues } from '../testing/prop-issues';
import { runNodeForTest } from '../testing/run-node';
import eventTrigger from './event-trigger';

describe('event-trigger', () => {
  it('passes the published payload on through "out", or an empty object', async () => {
    const trigger = { price: 3120.5 };
    expect((await runNodeForTest(eventTrigger, { trigger })).outputs).toEqual({ out: trigger });
    expect((await runNodeForTest(eventTrigger)).outputs).toEqual({ out: {} });
  });

  it('is an event trigger without side effects', () => {
    expect(eventTrigger.trigger).toBe('event');
    expect(eventTrigger.sideEffects).toBe(false);
    expect(eventTrigger.inputs).toEqual({});
  });

  it.each(['prices', 'prices.eth-usd', 'orders/filled', 'risk:limits', 'a_b'])(
    'accepts the channel %s',
    (channel) => {
      expect(propIssues(eventTrigger, { channel })).toEqual([]);
    },
  );

  it.each(['Prices', 'prices.', '.x', 'a b', 'a..b', ''])('refuses the channel %j', (channel) => {
    const issues = propIssues(eventTrigger, { channel });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^channel: must be/);
  });
});
