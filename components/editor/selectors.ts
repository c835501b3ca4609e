/**
 * Selectors over the editor store, at module scope so their identity is stable. Those that build
 * a new array or object are meant for `useShallow`, or take a precomputed key.
 */
import type { NodeStatus } from '@/lib/events';
import { entryOf, toWorkflow } from './convert';
import type { EditorActions, EditorState } from './store';
import type { EditorNode, NodeTypeEntry } from './types';

type S = EditorState & EditorActions;

export const selectNodes = (s: S) => s.nodes;
export const selectEdges = (s: S) => s.edges;
export const selectDirty = (s: S) => s.dirty;
export const selectMeta = (s: S) => s.meta;
export const selectRun = (s: S) => s.run;
export const selectCanUndo = (s: S) => s.past.length > 0;
export const selectCanRedo = (s: S) => s.future.length > 0;

export const selectStatus =
  (nodeId: string) =>
  (s: S): NodeStatus =>
    s.status[nodeId] ?? 'idle';

export const selectResult = (nodeId: string) => (s: S) => s.results[nodeId];

export const selectEntry =
  (type: string) =>
  (s: S): NodeTypeEntry | undefined =>
    entryOf(s.catalog, type);

/** Ids of the selected nodes, in graph order (use with useShallow). */
export const selectSelectedIds = (s: S): string[] =>
  s.nodes.filter((n) => n.selected).map((n) => n.id);

/** The one selected node, or null when none or several are selected. */
export const selectSingleSelected = (s: S): EditorNode | null => {
  let found: EditorNode | null = null;
  for (const n of s.nodes) {
    if (!n.selected) continue;
    if (found) return null;
    found = n;
  }
  return found;
};

/** The workflow JSON as it would be saved now. */
export const selectWorkflow = (s: S) => toWorkflow(s.meta, s.nodes, s.edges);

/** Whether an edge carries data right now: its source has finished and its target runs. */
export const selectEdgeIsFlowing = (source: string, target: string) => (s: S) =>
  s.status[source] === 'succeeded' && s.status[target] === 'running';
