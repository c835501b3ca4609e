import { describe, expect, it } from 'vitest';
import { validateWorkflow } from '@/lib/workflow';
import { propIssues } from '../testing/prop-issues';
import { runNodeForTest } from '../testing/run-node';
import { nodeCatalog } from './registry';
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

  it('refuses any prop (say one left over from an interval trigger), naming it and the node', () => {
    expect(propIssues(manualTrigger, { intervalMs: 60_000 })).toEqual([
      'unknown field "intervalMs"',
    ]);
    const result = validateWorkflow(
      {
        id: 'wf_x',
        name: 'Manual',
        nodes: [
          {
            id: 'go',
            type: 'manual-trigger',
            name: 'Run',
            position: { x: 0, y: 0 },
            props: { intervalMs: 60_000, payload: {} },
          },
        ],
        edges: [],
      },
      nodeCatalog,
    );
    expect(result.ok ? [] : result.message.split('\n')).toEqual([
      'nodes[0].props (node "go"): unknown fields "intervalMs", "payload"',
    ]);
  });
});
