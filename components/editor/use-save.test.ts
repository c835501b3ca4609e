import { describe, expect, it } from 'vitest';
import type { Workflow } from '@/lib/workflow';
import { withNodeNames } from './use-save';

const wf = {
  nodes: [
    { id: 'src', name: 'Price feed' },
    { id: 'check', name: 'Spread check' },
  ],
} as unknown as Workflow;

describe('withNodeNames', () => {
  it('names the node of a refused save by the name the user gave it, not its index or id', () => {
    expect(
      withNodeNames(
        'Invalid workflow:\nnodes[1].props.threshold (node "check"): must be ≤ 1\nedges[0].target: no node "zz"',
        wf,
      ),
    ).toBe(
      'Invalid workflow:\n“Spread check” props.threshold: must be ≤ 1\nedges[0].target: no node "zz"',
    );
  });
});
