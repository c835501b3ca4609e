import { describe, expect, it } from 'vitest';
import { runNodeForTest } from '../testing/run-node';
import manualTrigger from './manual-trigger';

describe('manual-trigger', () => {
  it('passes the JSON input of the run on through "out"', async () => {
    const trigger = { symbol: 'BTC-USD', size: 0.5, tags: ['paper'] };
    const { outputs } = await runNodeForTest(manualTrigger, { trigger });
    expect(outputs).toEqual({ out: trigger });
  });

  it('sends an empty object when Run was pressed without input', async () => {
    expect((await runNodeForTest(manualTrigger)).outputs).toEqual({ out: {} });
    expect((await runNodeForTest(manualTrigger, { trigger: null })).outputs).toEqual({ out: {} });
  });

  it('passes falsy inputs on as they are', async () => {
    expect((await runNodeForTest(manualTrigger, { trigger: 0 })).outputs).toEqual({ out: 0 });
    expect((await runNodeForTest(manualTrigger, { trigger: '' })).outputs).toEqual({ out: '' });
  });

  it('has no props, no inputs and one output, and no side effects', () => {
    expect(manualTrigger.props.parse({})).toEqual({});
    expect(manualTrigger.inputs).toEqual({});
    expect(Object.keys(manualTrigger.outputs)).toEqual(['out']);
    expect(manualTrigger.sideEffects).toBe(false);
  });
});
