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
  useReactFlow,
  type Connection,
  type EdgeTypes,
  type NodeTypes,
  type OnConnectEnd,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useState, type DragEvent } from 'react';
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

// Module scope: a new object per render would remount every node (xyflow error002).
const nodeTypes: NodeTypes = { workflow: WorkflowNode };
const edgeTypes: EdgeTypes = { workflow: WorkflowEdge };
const snapGrid: [number, number] = [16, 16];
const deleteKeys = ['Delete', 'Backspace'];
const multiSelectKeys = ['Shift', 'Meta', 'Control'];
const defaultEdgeOptions = { type: 'workflow' };
const fitViewOptions = { padding: 0.2, maxZoom: 1.2 };
/** Half a node, so a dropped node lands centred on the pointer. */
const DROP_OFFSET = { x: 112, y: 28 };

/** Changes a read-only canvas still takes: selecting, and React Flow measuring its nodes. */
const viewOnlyChanges: ReadonlySet<string> = new Set(['select', 'dimensions']);

/**
 * @param readOnly - a recorded execution on view: nodes can be selected and the view moved, but
 *   nothing is added, moved, connected or deleted.
 */
export function Canvas({ readOnly = false }: { readOnly?: boolean }) {
  const store = useEditorStoreApi();
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
      deleteKeyCode={readOnly ? null : deleteKeys}
      multiSelectionKeyCode={multiSelectKeys}
      snapToGrid
      snapGrid={snapGrid}
      fitView
      fitViewOptions={fitViewOptions}
      minZoom={0.1}
      colorMode={theme}
      className="flowdeck-canvas"
    >
      <Background variant={BackgroundVariant.Dots} gap={16} size={1} />
      <Controls position="bottom-left" />
      <MiniMap<EditorNode>
        position="bottom-right"
        pannable
        zoomable
        ariaLabel="Minimap"
        nodeColor={nodeColor}
        nodeStrokeWidth={0}
      />
      <ConnectionHint refusal={refusal} />
    </ReactFlow>
  );
}
