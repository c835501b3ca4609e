/**
 * The editor's shapes: React Flow nodes and edges that carry the workflow JSON's fields, and the
 * node catalog as the browser receives it. Types only; the server's are imported as types.
 */
import type { Edge, Node } from '@xyflow/react';
import type { ErrorInfo } from '@/lib/events';
import type { WorkflowNode } from '@/lib/workflow';
import type { CatalogEntry } from '@/server/api/routers/nodes';
import type { PortType } from '@/server/nodes/define-node';

export type { PortType };

/** The subset of JSON Schema the catalog sends (z.toJSONSchema with `.meta()` hints). */
export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  enum?: unknown[];
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  /** UI hint from `.meta()`: scrub, code, textarea, template, json, key-value, list, cron. */
  widget?: string;
  step?: number;
  language?: string;
};

export type NodeTypeEntry = Omit<CatalogEntry, 'inputs' | 'outputs' | 'propsSchema'> & {
  inputs: Readonly<Record<string, PortType>>;
  outputs: Readonly<Record<string, PortType>>;
  propsSchema: JsonSchema;
};

/** Node types by key. */
export type Catalog = Readonly<Record<string, NodeTypeEntry>>;

export function toCatalog(entries: readonly CatalogEntry[]): Catalog {
  return Object.fromEntries(entries.map((e) => [e.type, e as unknown as NodeTypeEntry]));
}

/** A workflow node's fields but its id and position, which React Flow keeps on the node. */
export type EditorNodeData = Omit<WorkflowNode, 'id' | 'position'>;
export type EditorNode = Node<EditorNodeData, 'workflow'>;
export type EditorEdge = Edge & { sourceHandle: string; targetHandle: string };

/** What the last run said about a node besides its status. */
export type NodeResult = {
  durationMs?: number;
  attempt?: number;
  preview?: string;
  error?: ErrorInfo;
};
