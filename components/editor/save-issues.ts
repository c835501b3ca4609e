/**
 * A refused save's issues, placed where the user can fix them: `nodes[3].props.threshold` goes
 * to the node at index 3 (by its id) as `props.threshold: …`; anything else (edges, the name,
 * settings) belongs to the workflow itself, under ''.
 */
import type { Workflow } from '@/lib/workflow';

export type Issue = { path?: string; message: string };

export function issuesByNode(issues: readonly Issue[], wf: Pick<Workflow, 'nodes'>) {
  const out: Record<string, string[]> = {};
  const add = (key: string, line: string) => (out[key] ??= []).push(line);
  for (const { path = '', message } of issues) {
    const m = /^nodes\[(\d+)\](?:\.(.+))?$/.exec(path);
    const node = m ? wf.nodes[Number(m[1])] : undefined;
    if (node) add(node.id, m![2] ? `${m![2]}: ${message}` : message);
    else add('', path ? `${path}: ${message}` : message);
  }
  return out;
}
