import { describe, expect, it } from 'vitest';
import { propIssues } from '../testing/prop-issues';
import { runNodeForTest } from '../testing/run-node';
import publish from './publish';

describe('publish', () => {
  it('publishes the input to its channel and passes it on', async () => {
    const input = { symbol: 'ETH', price: 3120 };
    const { outputs, published } = await runNodeForTest(publish, {
      inputs: { in: input },
      props: { channel: 'prices.eth' },
    });
    expect(published).toEqual([{ channel: 'prices.eth', payload: input }]);
    expect(outputs).toEqual({ out: input });
  });

  it('publishes null when no input arrived', async () => {
    const { published, outputs } = await runNodeForTest(publish);
    expect(published).toEqual([{ channel: 'events', payload: null }]);
    expect(outputs).toEqual({ out: null });
  });

  it('fails when publishing fails', async () => {
    const run = runNodeForTest(publish, {
      inputs: { in: 1 },
      publish: async () => {
        throw new Error('bus unavailable');
      },
    });
    await expect(run).rejects.toThrow('bus unavailable');
  });

  it('is a side effect', () => {
    expect(publish.sideEffects).toBe(true);
  });

  it('refuses channel names the event trigger could not listen on', () => {
    expect(propIssues(publish, { channel: 'Prices ETH' })[0]).toMatch(
      /^channel: must be lowercase letters and digits/,
    );
    expect(propIssues(publish, { channel: 'x'.repeat(101) })).toEqual([
      'channel: must be at most 100 characters long',
    ]);
  });
});
