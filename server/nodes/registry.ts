/**
 * Every node type Flowdeck knows, as a plain object literal: no side-effect registration, no
 * codegen. Add a type by writing `server/nodes/<type>.ts` and listing it here.
 */
import type { NodeTypeCatalog } from '@/lib/workflow';
import type { AnyNodeDefinition } from './define-node';
import log from './log';
import manualTrigger from './manual-trigger';
import thresholdCheck from './threshold-check';

export const nodeRegistry = {
  'manual-trigger': manualTrigger,
  log,
  'threshold-check': thresholdCheck,
} satisfies Record<string, AnyNodeDefinition>;

export type NodeType = keyof typeof nodeRegistry;

/** The registry as the workflow validator sees it: ports and props schema per type. */
export const nodeCatalog: NodeTypeCatalog = nodeRegistry;
