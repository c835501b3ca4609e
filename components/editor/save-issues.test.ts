import { describe, expect, it } from 'vitest';
import { issuesByNode } from './save-issues';

const wf = { nodes: [{ id: 'start' }, { id: 'check' }] } as never;

describe('issuesByNode: a refused save, told node by node', () => {
  it('puts each node issue on that node, by index, with the field it names', () => {
    expect(
      issuesByNode(
        [
          { path: 'nodes[1].props.threshold', message: 'must be a number' },
          { path: 'nodes[1]', message: 'unknown node type "x"' },
        ],
        wf,
      ),
    ).toEqual({ check: ['props.threshold: must be a number', 'unknown node type "x"'] });
  });

  it('keeps what is not about a node (edges, name, a node index that is gone) for the workflow', () => {
    expect(
      issuesByNode(
        [
          { path: 'edges[0].target', message: 'no node "zz"' },
          { path: 'nodes[7].name', message: 'required' },
          { message: 'too large' },
        ],
        wf,
      ),
    ).toEqual({ '': ['edges[0].target: no node "zz"', 'nodes[7].name: required', 'too large'] });
  });
});
