/**
 * The editor's state: the graph being edited (React Flow nodes and edges), its undo history and
 * unsaved flag, and the status of the run being watched. A vanilla zustand store, so tests drive
 * it without React; store-provider.tsx puts one per page in context.
 *
 * Run status lives in `status[nodeId]` and `results[nodeId]`, never in `node.data`: a stream of
 * events must not rebuild the node array. Actions are pure state transitions; saving, streaming
 * and the clipboard live in hooks.
 */
import { addEdge, applyEdgeChanges, applyNodeChanges, type Connection } from '@xyflow/react';
import type { EdgeChange, NodeChange } from '@xyflow/react';
import { nanoid } from 'nanoid';
import { createStore } from 'zustand/vanilla';
import type { ExecutionSnapshot, NodeStatus, RuntimeEvent } from '@/lib/events';
import type { Workflow } from '@/lib/workflow';
import { connectionRefusal } from './connection-rules';
import {
  defaultProps,
  edgeAriaLabel,
  entryOf,
  labelEdges,
  toGraph,
  uniqueName,
  type WorkflowMeta,
} from './convert';
import { emptyRun, foldRunBatch, type RunState } from './run-state';
import type { Catalog, EditorEdge, EditorNode, EditorNodeData, NodeResult } from './types';

export type Graph = { nodes: EditorNode[]; edges: EditorEdge[] };

export type EditorState = Graph & {
  meta: WorkflowMeta;
  catalog: Catalog;
  status: Record<string, NodeStatus>;
  results: Record<string, NodeResult>;
  run: RunState | null;
  /** Changes since the last save or load. */
  dirty: boolean;
  /** Counts dirtying changes, so a save that finishes after more edits leaves `dirty` set. */
  revision: number;
  past: Graph[];
  future: Graph[];
  lastCommit: { key: string; at: number } | null;
  isDragging: boolean;
  /** Live overrides of the running workflow (node id → field → value), not part of the graph. */
  overrides: Record<string, Record<string, unknown>>;
  /** Why the last save was refused, per node (node id → messages); '' for the workflow itself. */
  saveIssues: Record<string, string[]>;
  /** Whether those issues refused a save or a run (a run refuses an unconnected input). */
  issuesFrom: 'save' | 'run';
};

export type NodeSettings = Partial<
  Pick<EditorNodeData, 'name' | 'disabled' | 'retry' | 'timeoutMs'>
>;

export type EditorActions = {
  load(wf: Workflow): void;
  /** After a save of `revision` stored `wf`: takes its version; clean unless edited since. */
  markSaved(wf: Workflow, revision: number): void;
  onNodesChange(changes: NodeChange<EditorNode>[]): void;
  onEdgesChange(changes: EdgeChange<EditorEdge>[]): void;
  /** Adds the edge, or returns why it is refused. */
  onConnect(connection: Connection): string | null;
  /** Adds a node of a catalog type at a flow position, selected alone; returns its id. */
  addNode(type: string, position: { x: number; y: number }): string;
  /** Adds nodes and edges (a paste), selected alone. */
  insert(graph: Graph): void;
  /**
   * Merges props into one node, or into several (shared fields of a multi-selection). Edits of
   * the same props and `step` within a moment are one undo step: the inspector passes the
   * nested field's path (typing in `legs[1].venue`), or a fresh key for an edit that must stand
   * alone (adding, removing or moving an item).
   */
  updateProps(
    nodeIds: string | readonly string[],
    patch: Record<string, unknown>,
    step?: string,
  ): void;
  /** Removes a prop, so the node falls back to its type's default. */
  resetProp(nodeIds: string | readonly string[], key: string): void;
  updateNode(nodeId: string, settings: NodeSettings): void;
  /** Shows why a save (or a run) was refused, on the nodes it names (empty: clears). */
  setSaveIssues(issues: Record<string, string[]>, from?: 'save' | 'run'): void;
  /** Changes the workflow's name, description or settings (saved with the next save). */
  updateMeta(patch: Partial<Pick<WorkflowMeta, 'name' | 'description' | 'settings'>>): void;
  setPositions(positions: Record<string, { x: number; y: number }>): void;
  undo(): void;
  redo(): void;
  /** Follows an execution (after Run): its events update `status` from now on. */
  followExecution(executionId: string): void;
  /** Folds a batch of streamed snapshots and events into the run status (one update). */
  applyRunBatch(items: readonly (RuntimeEvent | ExecutionSnapshot)[]): void;
  /** Replaces the live overrides (as `runtime.liveProps` lists them). */
  setOverrides(overrides: Record<string, Record<string, unknown>>): void;
  /** Sets the live overrides of one node (empty: none). */
  setNodeOverrides(nodeId: string, props: Record<string, unknown>): void;
};

export type EditorStore = ReturnType<typeof createEditorStore>;

const HISTORY_LIMIT = 100;
/** Edits of one kind closer together than this are one undo step (typing, scrubbing, a delete). */
const COALESCE_MS = 800;

export type EditorStoreOptions = { workflow: Workflow; catalog: Catalog; now?: () => number };

function initialState(wf: Workflow, catalog: Catalog) {
  const { nodes: _n, edges: _e, ...meta } = wf;
  return {
    ...toGraph(wf, catalog),
    meta,
    status: {},
    results: {},
    run: null,
    dirty: false,
    revision: 0,
    past: [],
    future: [],
    lastCommit: null,
    isDragging: false,
    overrides: {},
    saveIssues: {},
    issuesFrom: 'save' as const,
  };
}

export const createEditorStore = ({ workflow, catalog, now = Date.now }: EditorStoreOptions) =>
  createStore<EditorState & EditorActions>()((set, get) => {
    /** The history and dirty bookkeeping of a change; call before applying it. */
    function commit(key: string): Partial<EditorState> {
      const s = get();
      const at = now();
      const joins = s.lastCommit?.key === key && at - s.lastCommit.at < COALESCE_MS;
      return {
        past: joins
          ? s.past
          : [...s.past, { nodes: s.nodes, edges: s.edges }].slice(-HISTORY_LIMIT),
        future: [],
        lastCommit: { key, at },
        dirty: true,
        revision: s.revision + 1,
      };
    }

    /** An edit of these nodes answers what a refused save said about them. */
    function forgetIssues(nodeIds: string | readonly string[]): Partial<EditorState> {
      const issues = get().saveIssues;
      const ids = typeof nodeIds === 'string' ? [nodeIds] : nodeIds;
      if (!ids.some((id) => id in issues)) return {};
      const kept = { ...issues };
      for (const id of ids) delete kept[id];
      return { saveIssues: kept };
    }

    /** Wiring an input answers what a refused run said of that input (`inputs.b: …`), only. */
    function forgetInputIssues(nodeId: string, port: string): Partial<EditorState> {
      const lines = get().saveIssues[nodeId];
      const kept = lines?.filter((line) => !line.startsWith(`inputs.${port}:`));
      if (!lines || kept!.length === lines.length) return {};
      const issues = { ...get().saveIssues };
      if (kept!.length > 0) issues[nodeId] = kept!;
      else delete issues[nodeId];
      return { saveIssues: issues };
    }

    function mapNode(
      nodeIds: string | readonly string[],
      fn: (data: EditorNodeData) => EditorNodeData,
    ) {
      const ids = new Set(typeof nodeIds === 'string' ? [nodeIds] : nodeIds);
      return get().nodes.map((n) => {
        if (!ids.has(n.id)) return n;
        const data = fn(n.data);
        return { ...n, data, ariaLabel: data.name };
      });
    }

    return {
      ...initialState(workflow, catalog),
      catalog,

      load: (wf) => set({ ...initialState(wf, get().catalog), overrides: get().overrides }),

      markSaved: (wf, revision) => {
        const { nodes: _n, edges: _e, ...meta } = wf;
        // Edited while the save was on its way: keep the edits, take the stored version.
        set((s) =>
          s.revision === revision
            ? { meta, dirty: false, saveIssues: {} }
            : { meta: { ...s.meta, version: meta.version }, dirty: true, saveIssues: {} },
        );
      },

      setSaveIssues: (saveIssues, from = 'save') => set({ saveIssues, issuesFrom: from }),

      updateMeta: (patch) =>
        set((s) => ({ meta: { ...s.meta, ...patch }, dirty: true, revision: s.revision + 1 })),

      onNodesChange: (changes) => {
        const s = get();
        let history: Partial<EditorState> = {};
        let isDragging = s.isDragging;
        const moves = changes.filter((c) => c.type === 'position');
        if (changes.some((c) => c.type === 'remove')) history = commit('delete');
        else if (changes.some((c) => c.type === 'add' || c.type === 'replace'))
          history = commit('replace');
        else if (moves.some((c) => c.dragging)) {
          if (!isDragging) history = commit(`drag:${now()}`);
          isDragging = true;
        } else if (moves.length > 0) {
          if (isDragging) isDragging = false;
          else history = commit('move');
        }
        set({ ...history, isDragging, nodes: applyNodeChanges(changes, s.nodes) });
      },

      onEdgesChange: (changes) => {
        const history = changes.some((c) => c.type === 'remove' || c.type === 'add')
          ? commit('delete')
          : {};
        set({ ...history, edges: applyEdgeChanges(changes, get().edges) });
      },

      onConnect: (connection) => {
        const s = get();
        const refusal = connectionRefusal(connection, s, s.catalog);
        if (refusal) return refusal;
        const edge: EditorEdge = {
          id: `e_${nanoid(10)}`,
          type: 'workflow',
          source: connection.source,
          sourceHandle: connection.sourceHandle!,
          target: connection.target,
          targetHandle: connection.targetHandle!,
        };
        const names = new Map(s.nodes.map((n) => [n.id, n.data.name]));
        edge.ariaLabel = edgeAriaLabel(edge, (id) => names.get(id));
        set({
          ...commit(`connect:${edge.id}`),
          ...forgetInputIssues(edge.target, edge.targetHandle),
          edges: addEdge(edge, s.edges),
        });
        return null;
      },

      addNode: (type, position) => {
        const s = get();
        const entry = entryOf(s.catalog, type);
        if (!entry) throw new Error(`unknown node type "${type}"`);
        const id = `${type}-${nanoid(6)}`;
        const name = uniqueName(entry.title, s.nodes);
        const node: EditorNode = {
          id,
          type: 'workflow',
          position,
          data: { type, name, props: defaultProps(entry.propsSchema) },
          ariaLabel: name,
          selected: true,
        };
        set({
          ...commit(`add:${id}`),
          nodes: [...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node],
        });
        return id;
      },

      insert: (graph) => {
        const s = get();
        set({
          ...commit(`insert:${now()}`),
          nodes: [
            ...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)),
            ...graph.nodes.map((n) => ({ ...n, selected: true })),
          ],
          edges: [
            ...s.edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
            ...labelEdges(graph.edges, graph.nodes),
          ],
        });
      },

      updateProps: (nodeIds, patch, step) => {
        const key = `props:${String(nodeIds)}:${Object.keys(patch).join(',')}`;
        set({
          ...commit(step ? `${key}:${step}` : key),
          ...forgetIssues(nodeIds),
          nodes: mapNode(nodeIds, (d) => ({ ...d, props: { ...d.props, ...patch } })),
        });
      },

      resetProp: (nodeIds, key) => {
        set({
          ...commit(`reset:${String(nodeIds)}:${key}:${now()}`),
          ...forgetIssues(nodeIds),
          nodes: mapNode(nodeIds, (d) => {
            const { [key]: _removed, ...props } = d.props;
            return { ...d, props };
          }),
        });
      },

      updateNode: (nodeId, settings) => {
        const nodes = mapNode(nodeId, (d) => {
          const next: EditorNodeData = { ...d, ...settings };
          for (const key of Object.keys(settings) as (keyof NodeSettings)[])
            if (settings[key] === undefined) delete next[key];
          return next;
        });
        // A renamed node's edges are named after it: relabel those, keep the others as they are.
        const s = get();
        const name = nodes.find((n) => n.id === nodeId)?.data.name;
        const nameOf = (id: string) =>
          id === nodeId ? name : s.nodes.find((n) => n.id === id)?.data.name;
        const edges =
          settings.name === undefined
            ? s.edges
            : s.edges.map((e) =>
                e.source === nodeId || e.target === nodeId
                  ? { ...e, ariaLabel: edgeAriaLabel(e, nameOf) }
                  : e,
              );
        set({
          ...commit(`node:${nodeId}:${Object.keys(settings).join(',')}`),
          ...forgetIssues(nodeId),
          nodes,
          edges,
        });
      },

      setPositions: (positions) => {
        set({
          ...commit(`layout:${now()}`),
          nodes: get().nodes.map((n) =>
            positions[n.id] ? { ...n, position: positions[n.id]! } : n,
          ),
        });
      },

      undo: () => {
        const s = get();
        const previous = s.past.at(-1);
        if (!previous) return;
        set({
          ...previous,
          past: s.past.slice(0, -1),
          future: [{ nodes: s.nodes, edges: s.edges }, ...s.future],
          lastCommit: null,
          dirty: true,
          revision: s.revision + 1,
        });
      },

      redo: () => {
        const s = get();
        const next = s.future[0];
        if (!next) return;
        set({
          ...next,
          past: [...s.past, { nodes: s.nodes, edges: s.edges }],
          future: s.future.slice(1),
          lastCommit: null,
          dirty: true,
          revision: s.revision + 1,
        });
      },

      followExecution: (executionId) => {
        if (get().run?.executionId === executionId) return;
        set({ run: emptyRun(executionId), status: {}, results: {} });
      },

      applyRunBatch: (items) => {
        for (const item of items)
          if (item.type === 'props_changed') get().setNodeOverrides(item.nodeId, item.props);
        const s = get();
        const next = foldRunBatch({ run: s.run, status: s.status, results: s.results }, items);
        if (next) set(next);
      },

      setOverrides: (overrides) => set({ overrides }),

      setNodeOverrides: (nodeId, props) => {
        const { [nodeId]: _old, ...rest } = get().overrides;
        set({ overrides: Object.keys(props).length > 0 ? { ...rest, [nodeId]: props } : rest });
      },
    };
  });
