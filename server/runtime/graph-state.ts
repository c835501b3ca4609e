/**
 * Which nodes of an execution may run next, and with what inputs: pure bookkeeping over the
 * workflow graph and the settled nodes, no I/O. An edge "carries" a value when its source
 * succeeded and produced its port; a port left out skips what is behind it (branching).
 */
import type { Workflow, WorkflowEdge } from '@/lib/workflow';
import type { JoinMode } from '../nodes/define-node';

export type Settled =
  | { status: 'succeeded'; outputs: Record<string, unknown> }
  | { status: 'skipped' | 'failed' | 'cancelled' };

export type Readiness =
  | { kind: 'wait' }
  | { kind: 'run'; inputs: Record<string, unknown> }
  | { kind: 'skip'; reason: string };

type Shape = {
  incoming: Map<string, WorkflowEdge[]>;
  outgoing: Map<string, WorkflowEdge[]>;
  targets: Map<string, string[]>;
  roots: string[];
  leaves: string[];
};

const WAIT: Readiness = Object.freeze({ kind: 'wait' });
const NO_VALUE: Readiness = Object.freeze({ kind: 'skip', reason: 'no input received a value' });

/** The graph's adjacency, built once per workflow object and shared by all its executions. */
const shapes = new WeakMap<Workflow, Shape>();

function shapeOf(workflow: Workflow): Shape {
  let shape = shapes.get(workflow);
  if (shape) return shape;
  const incoming = new Map<string, WorkflowEdge[]>();
  const outgoing = new Map<string, WorkflowEdge[]>();
  for (const node of workflow.nodes) {
    incoming.set(node.id, []);
    outgoing.set(node.id, []);
  }
  for (const edge of workflow.edges) {
    incoming.get(edge.target)?.push(edge);
    outgoing.get(edge.source)?.push(edge);
  }
  const targets = new Map(
    [...outgoing].map(([id, edges]) => [id, [...new Set(edges.map((e) => e.target))]]),
  );
  const roots = workflow.nodes.filter((n) => incoming.get(n.id)!.length === 0).map((n) => n.id);
  const leaves = workflow.nodes.filter((n) => outgoing.get(n.id)!.length === 0).map((n) => n.id);
  shape = { incoming, outgoing, targets, roots, leaves };
  shapes.set(workflow, shape);
  return shape;
}

export class GraphState {
  readonly incoming: Map<string, WorkflowEdge[]>;
  readonly outgoing: Map<string, WorkflowEdge[]>;
  readonly settled = new Map<string, Settled>();
  private readonly shape: Shape;

  constructor(readonly workflow: Workflow) {
    this.shape = shapeOf(workflow);
    this.incoming = this.shape.incoming;
    this.outgoing = this.shape.outgoing;
  }

  roots(): string[] {
    return this.shape.roots;
  }

  /** The nodes nothing follows, in workflow order: their outputs are the execution's output. */
  leaves(): string[] {
    return this.shape.leaves;
  }

  /** The nodes fed by `nodeId`, each once, in edge order. */
  targetsOf(nodeId: string): string[] {
    return this.shape.targets.get(nodeId)!;
  }

  private carried(edge: WorkflowEdge): { settled: boolean; value?: unknown; has: boolean } {
    const s = this.settled.get(edge.source);
    if (!s) return { settled: false, has: false };
    if (s.status !== 'succeeded' || !Object.hasOwn(s.outputs, edge.sourceHandle))
      return { settled: true, has: false };
    const value = s.outputs[edge.sourceHandle];
    return { settled: true, has: value !== undefined, value };
  }

  /** Whether a node with incoming edges can run now, must wait, or is skipped. */
  readiness(nodeId: string, join: JoinMode): Readiness {
    const edges = this.incoming.get(nodeId)!;
    // One incoming edge, the usual case: every join mode reads the same, and nothing to collect.
    if (edges.length === 1) {
      const edge = edges[0]!;
      const s = this.settled.get(edge.source);
      if (!s) return WAIT;
      if (s.status === 'succeeded' && Object.hasOwn(s.outputs, edge.sourceHandle)) {
        const value = s.outputs[edge.sourceHandle];
        if (value !== undefined) {
          const inputs: Record<string, unknown> = {};
          inputs[edge.targetHandle] = value;
          return { kind: 'run', inputs };
        }
      }
      return NO_VALUE;
    }
    const inputs: Record<string, unknown> = {};
    const portsWithValue = new Set<string>();
    const ports = new Set<string>();
    let allSettled = true;
    for (const edge of edges) {
      ports.add(edge.targetHandle);
      const c = this.carried(edge);
      if (!c.settled) allSettled = false;
      if (c.has && !portsWithValue.has(edge.targetHandle)) {
        portsWithValue.add(edge.targetHandle);
        inputs[edge.targetHandle] = c.value;
      }
    }
    if (join === 'first' && portsWithValue.size > 0) return { kind: 'run', inputs };
    if (!allSettled) return WAIT;
    if (portsWithValue.size === 0) return NO_VALUE;
    if (join === 'all' && portsWithValue.size < ports.size) {
      const missing = [...ports].filter((p) => !portsWithValue.has(p));
      return {
        kind: 'skip',
        reason: `input ${missing.map((p) => `"${p}"`).join(', ')} received no value`,
      };
    }
    return { kind: 'run', inputs };
  }
}
