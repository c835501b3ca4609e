'use client';
/**
 * An edge that animates while data flows along it: its source is done and its target runs. In a
 * replay, an edge that carried data (its source succeeded and its target ran) is drawn solid
 * green, so the path the data took stands out.
 */
import { BaseEdge, getBezierPath, type EdgeProps } from '@xyflow/react';
import { memo, useContext } from 'react';
import type { NodeStatus } from '@/lib/events';
import { ReplayContext } from './replay-context';
import { useEditorStore } from './store-provider';
import type { EditorEdge } from './types';

type EdgeLook = 'flowing' | 'carried' | 'skipped' | 'idle';

function edgeLook(
  from: NodeStatus | undefined,
  to: NodeStatus | undefined,
  isReplay: boolean,
): EdgeLook {
  if (from === 'succeeded' && to === 'running') return 'flowing';
  if (to === 'skipped') return 'skipped';
  if (isReplay && from === 'succeeded' && to !== undefined) return 'carried';
  return 'idle';
}

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
  const isReplay = useContext(ReplayContext);
  // One subscription per edge, returning a string: 1,200 edges run 1,200 cheap selectors per
  // store change and re-render only when their own look changes.
  const look = useEditorStore((s) => edgeLook(s.status[source], s.status[target], isReplay));
  const isFlowing = look === 'flowing';
  const carried = look === 'carried';
  const isSkipped = look === 'skipped';
  const [path] = getBezierPath({
    sourceX,
    sourceY,
    targetX,
    targetY,
    sourcePosition,
    targetPosition,
  });
  const stroke = selected
    ? 'var(--color-sky-300)'
    : isFlowing
      ? 'var(--color-sky-400)'
      : carried
        ? 'var(--color-emerald-400)'
        : isSkipped
          ? 'var(--color-slate-700)'
          : 'var(--color-slate-500)';
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
