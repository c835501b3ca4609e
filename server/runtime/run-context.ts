/**
 * Builds the context a node's `run` receives: its inputs and props, the execution's trigger
 * payload, a logger bound to `executionId`, `workflowId` and `nodeId`, the workflow's state, the
 * channels and `wait`. The signal is added per attempt by the time limit.
 */
import { WAIT, type Resumption, type RunContext, type WorkflowState } from '../nodes/define-node';
import type { Logger } from '../logger';

export type NodeRunContextFactory = (args: {
  attempt: number;
  props: Record<string, unknown>;
  inputs: Record<string, unknown>;
  resumed?: Resumption;
}) => Omit<RunContext<Record<string, unknown>, Record<string, never>>, 'signal'>;

export function nodeRunContext(deps: {
  executionId: string;
  workflowId: string;
  nodeId: string;
  trigger: unknown;
  log: Logger;
  state: WorkflowState;
  publish: (channel: string, payload: unknown) => Promise<void>;
}): NodeRunContextFactory {
  let log: Logger | undefined;
  return ({ attempt, props, inputs, resumed }) => ({
    inputs,
    props,
    trigger: deps.trigger,
    // A child logger costs more than most nodes' work: made when a node first logs.
    get log() {
      return (log ??= deps.log.child({ nodeId: deps.nodeId }));
    },
    state: deps.state,
    publish: deps.publish,
    wait: (request) => ({ [WAIT]: request }),
    resumed,
    execution: { id: deps.executionId, workflowId: deps.workflowId, nodeId: deps.nodeId, attempt },
  });
}
