'use client';
/**
 * The React Flow canvas: nodes and edges from the editor store, connect with validation (a
 * refused connection says why), drop from the palette, minimap, zoom controls, snap to grid.
 * Must be rendered inside <ReactFlowProvider> and <EditorStoreProvider>.
 */
import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  getNodesBounds,
  getViewportForBounds,
  useReactFlow,
  useStore,
  type Connection,
  type EdgeTypes,
  type NodeTypes,
  type OnConnectEnd,
  type Viewport,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import {
  startTransition,
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type DragEvent,
} from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useTheme } from '@/components/ui/theme';
import { connectionRefusal } from './connection-rules';
import { entryOf } from './convert';
import { categoryStyle } from './node-style';
import { useEditorStore, useEditorStoreApi } from './store-provider';
import type { EditorEdge, EditorNode } from './types';
import { WorkflowEdge } from './workflow-edge';
import { WorkflowNode } from './workflow-node';
import { ConnectionHint } from './connection-hint';
import { NODE_DRAG_TYPE } from './palette-drag';
import type { EditorStore } from './store';
import { COMPACT_BELOW_ZOOM, CompactContext } from './zoom-detail';

// Module scope: a new object per render would remount every node (xyflow error002).
const nodeTypes: NodeTypes = { workflow: WorkflowNode };
const edgeTypes: EdgeTypes = { workflow: WorkflowEdge };
const snapGrid: [number, number] = [16, 16];
const multiSelectKeys = ['Shift', 'Meta', 'Control'];
const defaultEdgeOptions = { type: 'workflow' };
const fitViewOptions = { padding: 0.2, maxZoom: 1.2 };
const MIN_ZOOM = 0.1;
/**
 * From this many nodes only those in view are mounted: zooming in past the compact view then
 * redraws the hundred or so in view in full, not all of them (a one-second freeze at 1,000).
 * Smaller graphs keep every node in the page, so Tab reaches them all.
 */
const RENDER_VISIBLE_FROM = 300;
/** Half a node, so a dropped node lands centred on the pointer. */
const DROP_OFFSET = { x: 112, y: 28 };

/**
 * The view that fits every node of the graph as it is now into a box of this size (React Flow's
 * fitView, worked out before the first render: with the `fitView` prop the nodes would first be
 * drawn at zoom 1, in full, and measured, then fitted and drawn again).
 */
function fittedViewport(store: EditorStore, width: number, height: number): Viewport {
  const { nodes } = store.getState();
  if (nodes.length === 0 || width === 0 || height === 0) return { x: 0, y: 0, zoom: 1 };
  return getViewportForBounds(
    getNodesBounds(nodes),
    width,
    height,
    MIN_ZOOM,
    fitViewOptions.maxZoom,
    fitViewOptions.padding,
  );
}

/**
 * The minimap, once the canvas has been drawn: its thousand rectangles of a big workflow wait for
 * the nodes to show and render without holding up a click.
 */
function useIsMinimapShown(): boolean {
  const [isShown, setShown] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => startTransition(() => setShown(true)), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, []);
  return isShown;
}

/**
 * When the canvas changes size (the run panel opens under it, the inspector is resized), the view
 * keeps its centre where it was instead of its top-left corner: a graph fitted before a run would
 * otherwise slide under the run panel and the minimap. Renders nothing.
 */
function KeepCentreOnResize() {
  const { getViewport, setViewport } = useReactFlow();
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  const last = useRef({ width, height });
  useEffect(() => {
    const prev = last.current;
    last.current = { width, height };
    if (!prev.width || !prev.height || !width || !height) return;
    if (prev.width === width && prev.height === height) return;
    const v = getViewport();
    void setViewport({
      x: v.x + (width - prev.width) / 2,
      y: v.y + (height - prev.height) / 2,
      zoom: v.zoom,
    });
  }, [width, height, getViewport, setViewport]);
  return null;
}

/** What a screen reader says on a node or edge in focus: React Flow's words, plus the C key. */
const editableAria = {
  'node.a11yDescription.default':
    'Press enter or space to select a node, C to connect one of its outputs to another node’s input. Press delete to remove it and escape to cancel.',
  'node.a11yDescription.keyboardDisabled':
    'Press enter or space to select a node, C to connect one of its outputs to another node’s input. Press delete to remove it and escape to cancel.',
};

/** Changes a read-only canvas still takes: selecting, and React Flow measuring its nodes. */
const viewOnlyChanges: ReadonlySet<string> = new Set(['select', 'dimensions']);

/**
 * @param readOnly - a recorded execution on view: nodes can be selected and the view moved, but
 *   nothing is added, moved, connected or deleted.
 */
export function Canvas({ readOnly = false }: { readOnly?: boolean }) {
  const store = useEditorStoreApi();
  const box = useRef<HTMLDivElement>(null);
  const [initialViewport, setInitialViewport] = useState<Viewport | null>(null);
  useLayoutEffect(() => {
    const el = box.current;
    if (el) setInitialViewport(fittedViewport(store, el.clientWidth, el.clientHeight));
  }, [store]);
  return (
    <div ref={box} className="h-full w-full">
      {initialViewport && <FlowCanvas readOnly={readOnly} initialViewport={initialViewport} />}
    </div>
  );
}

function FlowCanvas({
  readOnly,
  initialViewport,
}: {
  readOnly: boolean;
  initialViewport: Viewport;
}) {
  const store = useEditorStoreApi();
  const isCompact = useStore((s) => s.transform[2] < COMPACT_BELOW_ZOOM);
  const isMinimapShown = useIsMinimapShown();
  const theme = useTheme();
  const { screenToFlowPosition } = useReactFlow();
  const [nodes, edges] = useEditorStore(useShallow((s) => [s.nodes, s.edges] as const));
  const applyNodeChanges = useEditorStore((s) => s.onNodesChange);
  const applyEdgeChanges = useEditorStore((s) => s.onEdgesChange);
  const onNodesChange = useCallback(
    (changes: Parameters<typeof applyNodeChanges>[0]) =>
      applyNodeChanges(readOnly ? changes.filter((c) => viewOnlyChanges.has(c.type)) : changes),
    [applyNodeChanges, readOnly],
  );
  const onEdgesChange = useCallback(
    (changes: Parameters<typeof applyEdgeChanges>[0]) =>
      applyEdgeChanges(readOnly ? changes.filter((c) => c.type === 'select') : changes),
    [applyEdgeChanges, readOnly],
  );
  const [refusal, setRefusal] = useState<string | null>(null);

  useEffect(() => {
    if (!refusal) return;
    const timer = setTimeout(() => setRefusal(null), 6_000);
    return () => clearTimeout(timer);
  }, [refusal]);

  const isValidConnection = useCallback(
    (c: Connection | EditorEdge) => {
      const s = store.getState();
      return connectionRefusal(c, s, s.catalog) === null;
    },
    [store],
  );

  const onConnect = useCallback(
    (c: Connection) => setRefusal(store.getState().onConnect(c)),
    [store],
  );

  const onConnectEnd: OnConnectEnd = useCallback(
    (_event, state) => {
      if (!state.toHandle || !state.toNode || state.isValid !== false) return;
      const fromSource = state.fromHandle?.type === 'source';
      const [from, to] = fromSource
        ? [state.fromHandle, state.toHandle]
        : [state.toHandle, state.fromHandle];
      const s = store.getState();
      setRefusal(
        connectionRefusal(
          {
            source: from?.nodeId ?? '',
            sourceHandle: from?.id ?? null,
            target: to?.nodeId ?? '',
            targetHandle: to?.id ?? null,
          },
          s,
          s.catalog,
        ),
      );
    },
    [store],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(NODE_DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = event.dataTransfer.getData(NODE_DRAG_TYPE);
      if (!type || !entryOf(store.getState().catalog, type)) return;
      event.preventDefault();
      const at = screenToFlowPosition({ x: event.clientX, y: event.clientY });
      store.getState().addNode(type, { x: at.x - DROP_OFFSET.x, y: at.y - DROP_OFFSET.y });
    },
    [screenToFlowPosition, store],
  );

  const nodeColor = useCallback(
    (node: EditorNode) =>
      categoryStyle(entryOf(store.getState().catalog, node.data.type)?.category).color,
    [store],
  );

  return (
    <CompactContext value={isCompact}>
      <ReactFlow<EditorNode, EditorEdge>
        aria-label="Workflow canvas"
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        defaultEdgeOptions={defaultEdgeOptions}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={readOnly ? undefined : onConnect}
        onConnectEnd={readOnly ? undefined : onConnectEnd}
        isValidConnection={isValidConnection}
        onDragOver={readOnly ? undefined : onDragOver}
        onDrop={readOnly ? undefined : onDrop}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        edgesReconnectable={!readOnly}
        // Delete and Backspace: use-editor-shortcuts.ts, from the canvas only (canvas-focus.ts).
        deleteKeyCode={null}
        multiSelectionKeyCode={multiSelectKeys}
        snapToGrid
        snapGrid={snapGrid}
        defaultViewport={initialViewport}
        minZoom={MIN_ZOOM}
        onlyRenderVisibleElements={nodes.length >= RENDER_VISIBLE_FROM}
        ariaLabelConfig={readOnly ? undefined : editableAria}
        colorMode={theme}
        className="flowdeck-canvas"
      >
        <Background variant={BackgroundVariant.Dots} gap={16} size={1} />
        <Controls position="bottom-left" />
        {isMinimapShown && (
          <MiniMap<EditorNode>
            position="bottom-right"
            pannable
            zoomable
            ariaLabel="Minimap"
            nodeColor={nodeColor}
            nodeStrokeWidth={0}
          />
        )}
        <ConnectionHint refusal={refusal} />
        <KeepCentreOnResize />
      </ReactFlow>
    </CompactContext>
  );
}
