'use client';
/**
 * An edge that animates while data flows along it: its source is done and its target runs. In a
 * replay, an edge that carried data (its source succeeded and its target ran) is drawn solid
 * green, so the path the data took stands out.
 */
import { BaseEdge, getBezierPath, type EdgeProps } from '@xyflow/react';
import { memo, useContext } from 'react';
import { ReplayContext } from './replay-context';
import { useEditorStore } from './store-provider';
import type { EditorEdge } from './types';

function WorkflowEdgeView({
  source,
  target,
  sourceX,
  sourceY,
  targetX,
  targetY,
  sourcePosition,
  targetPosition,
  selected,
  markerEnd,
}: EdgeProps<EditorEdge>) {
  const isFlowing = useEditorStore(
    (s) => s.status[source] === 'succeeded' && s.status[target] === 'running',
  );
  const isSkipped = useEditorStore((s) => s.status[target] === 'skipped');
  const isReplay = useContext(ReplayContext);
  const carried = useEditorStore(
    (s) =>
      isReplay &&
      s.status[source] === 'succeeded' &&
      s.status[target] !== undefined &&
      s.status[target] !== 'skipped',
  );
  const [path] = getBezierPath({
    sourceX,
    sourceY,
    targetX,
    targetY,
    sourcePosition,
    targetPosition,
  });
  const stroke = selected
    ? '#7dd3fc'
    : isFlowing
      ? '#38bdf8'
      : carried
        ? '#34d399'
        : isSkipped
          ? '#334155'
          : '#64748b';
  return (
    <BaseEdge
      path={path}
      markerEnd={markerEnd}
      className={isFlowing ? 'flowdeck-edge-flowing' : undefined}
      style={{ stroke, strokeWidth: selected || isFlowing ? 2.5 : carried ? 2 : 1.75 }}
    />
  );
}

export const WorkflowEdge = memo(WorkflowEdgeView);
