/**
 * The workflow JSON: its zod schema, its graph rules and its canonical serialisation.
 * Isomorphic: the editor, the API and the runtime all take their types from here.
 * It must not know about storage or about how node types run; node type facts (ports,
 * props schemas) come in through `NodeTypeCatalog`.
 */
import { z } from 'zod';
import { findCycle } from './graph';
import { jsonErrorOffset, lineAndColumn } from './json-error';
import { checkJson, isPlainObject, isStorableText, TEXT_RULE } from './json-value';
import { formatIssues, formatPath, toIssues, type Issue } from './zod-issues';

export const LIMITS = {
  /** Largest workflow JSON accepted by import or save, in characters. */
  jsonChars: 2_000_000,
  nodes: 1_000,
  edges: 5_000,
  /** Deepest nesting allowed inside a node's props. */
  propsDepth: 32,
} as const;

const idSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'may use only letters, digits and _ . : -');

const portSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_-]+$/, 'may use only letters, digits, _ and -');

/**
 * A node's props: a plain JSON object. Checked as given, not through `z.record`, whose copy
 * would silently drop a `__proto__` key instead of reporting it.
 */
export const propsSchema = z
  .custom<Record<string, unknown>>(isPlainObject, 'expected an object')
  .superRefine((props, ctx) => checkJson(props, ctx, LIMITS.propsDepth));

/** Free text (names, descriptions): trimmed, bounded, storable. */
const textSchema = (min: number, max: number) =>
  z.string().trim().min(min).max(max).refine(isStorableText, TEXT_RULE);

export const retrySchema = z.strictObject({
  maxAttempts: z.int().min(1).max(100),
  backoffMs: z.int().min(0).max(3_600_000),
  factor: z.number().min(1).max(10),
  maxBackoffMs: z.int().min(0).max(86_400_000),
});

export const workflowNodeSchema = z.strictObject({
  id: idSchema,
  type: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a kebab-case node type key'),
  name: textSchema(1, 200),
  position: z.strictObject({ x: z.number().finite(), y: z.number().finite() }),
  props: propsSchema.default({}),
  disabled: z.boolean().optional(),
  retry: retrySchema.optional(),
  timeoutMs: z.int().min(1).max(86_400_000).optional(),
});

export const workflowEdgeSchema = z.strictObject({
  id: idSchema,
  source: idSchema,
  sourceHandle: portSchema,
  target: idSchema,
  targetHandle: portSchema,
});

export const workflowSettingsSchema = z.strictObject({
  /** What a trigger does while a previous run is still going. */
  concurrency: z.enum(['parallel', 'skip', 'queue']).optional(),
  /** Time limit of a whole execution. */
  timeoutMs: z.int().min(1).max(86_400_000).optional(),
  /** Default time limit of one node attempt (a node's own `timeoutMs` wins). */
  nodeTimeoutMs: z.int().min(1).max(86_400_000).optional(),
  /** Default retry policy (a node's own `retry` wins). */
  retry: retrySchema.optional(),
});

/** The shape alone; `workflowSchema` adds the graph rules. */
export const workflowShapeSchema = z.strictObject({
  id: idSchema,
  name: textSchema(1, 200),
  description: z.string().max(10_000).refine(isStorableText, TEXT_RULE).default(''),
  version: z.int().min(1).default(1),
  nodes: z.array(workflowNodeSchema).max(LIMITS.nodes).default([]),
  edges: z.array(workflowEdgeSchema).max(LIMITS.edges).default([]),
  settings: workflowSettingsSchema.default({}),
});

export type Workflow = z.output<typeof workflowShapeSchema>;
export type WorkflowInput = z.input<typeof workflowShapeSchema>;
export type WorkflowNode = Workflow['nodes'][number];
export type WorkflowEdge = Workflow['edges'][number];
export type RetryPolicy = z.output<typeof retrySchema>;

/** What graph validation needs to know of one node type. */
export type NodeTypeInfo = {
  inputs: Readonly<Record<string, string>>;
  outputs: Readonly<Record<string, string>>;
  /** Server side only: the zod schema of the type's props. */
  props?: z.ZodType;
  /** Server side only: the input ports that must be connected, given the node's props. */
  requiredInputs?: (props: never) => readonly string[];
};
export type NodeTypeCatalog = Readonly<Record<string, NodeTypeInfo>>;

/**
 * The catalog entry of a type, own keys only: `catalog['constructor']` would otherwise find
 * Object's constructor and take "constructor" for a known node type.
 */
function typeInfo(catalog: NodeTypeCatalog | undefined, type: string): NodeTypeInfo | undefined {
  return catalog && Object.hasOwn(catalog, type) ? catalog[type] : undefined;
}

function addIssue(ctx: z.RefinementCtx, path: PropertyKey[], message: string) {
  ctx.addIssue({ code: 'custom', path, message });
}

function checkIds(wf: Workflow, ctx: z.RefinementCtx) {
  const seen = new Map<string, number>();
  wf.nodes.forEach((node, i) => {
    const first = seen.get(node.id);
    if (first !== undefined)
      addIssue(ctx, ['nodes', i, 'id'], `duplicate node id "${node.id}" (also nodes[${first}])`);
    else seen.set(node.id, i);
  });
  const edgeIds = new Map<string, number>();
  wf.edges.forEach((edge, i) => {
    const first = edgeIds.get(edge.id);
    if (first !== undefined)
      addIssue(ctx, ['edges', i, 'id'], `duplicate edge id "${edge.id}" (also edges[${first}])`);
    else edgeIds.set(edge.id, i);
  });
}

function checkEdges(wf: Workflow, catalog: NodeTypeCatalog | undefined, ctx: z.RefinementCtx) {
  const nodes = new Map<string, WorkflowNode>();
  // A duplicate id is reported by checkIds; edges refer to its first node, as that message says.
  for (const n of wf.nodes) if (!nodes.has(n.id)) nodes.set(n.id, n);
  const links = new Set<string>();
  wf.edges.forEach((edge, i) => {
    const ends = [
      ['source', edge.source, 'sourceHandle', edge.sourceHandle, 'outputs', 'output'],
      ['target', edge.target, 'targetHandle', edge.targetHandle, 'inputs', 'input'],
    ] as const;
    for (const [end, nodeId, handleKey, handle, ports, portWord] of ends) {
      const node = nodes.get(nodeId);
      if (!node) {
        addIssue(ctx, ['edges', i, end], `points at missing node "${nodeId}"`);
        continue;
      }
      const info = typeInfo(catalog, node.type);
      if (info && !Object.hasOwn(info[ports], handle)) {
        const known =
          Object.keys(info[ports])
            .map((p) => `"${p}"`)
            .join(', ') || 'none';
        addIssue(
          ctx,
          ['edges', i, handleKey],
          `node "${nodeId}" (${node.type}) has no ${portWord} port "${handle}"; it has ${known}`,
        );
      }
    }
    const link = `${edge.source}\0${edge.sourceHandle}\0${edge.target}\0${edge.targetHandle}`;
    if (links.has(link))
      addIssue(
        ctx,
        ['edges', i],
        `duplicates another edge from "${edge.source}" to "${edge.target}"`,
      );
    links.add(link);
  });
  const cycle = findCycle(
    wf.nodes.map((n) => n.id),
    wf.edges.filter((e) => nodes.has(e.source) && nodes.has(e.target)),
  );
  if (cycle) addIssue(ctx, ['edges'], `form a cycle: ${cycle.map((id) => `"${id}"`).join(' → ')}`);
}

const strictCache = new WeakMap<z.ZodType, z.ZodType>();

/**
 * A plain `z.object` props schema made strict, so a misspelt prop (`treshold`) is reported
 * instead of being dropped and quietly replaced by its default. Loose or strict objects stay.
 */
function strictProps(schema: z.ZodType): z.ZodType {
  if (!(schema instanceof z.ZodObject) || schema.def.catchall !== undefined) return schema;
  let strict = strictCache.get(schema);
  if (!strict) {
    strict = schema.strict();
    strictCache.set(schema, strict);
  }
  return strict;
}

function checkNodeTypes(wf: Workflow, catalog: NodeTypeCatalog, ctx: z.RefinementCtx) {
  wf.nodes.forEach((node, i) => {
    const info = typeInfo(catalog, node.type);
    if (!info) {
      addIssue(ctx, ['nodes', i, 'type'], `unknown node type "${node.type}" (node "${node.id}")`);
      return;
    }
    if (!info.props) return;
    const parsed = strictProps(info.props).safeParse(node.props);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        ctx.addIssue({
          ...issue,
          path: ['nodes', i, 'props', ...issue.path],
        } as z.core.$ZodRawIssue);
      }
    }
  });
}

/**
 * What keeps a valid workflow from running: an input port its node cannot do without that no
 * edge feeds (a draft may be saved so; it is refused when run). The workflow must be valid.
 */
export function unconnectedInputs(wf: Workflow, catalog: NodeTypeCatalog): Issue[] {
  const fed = new Set(wf.edges.map((e) => `${e.target}\0${e.targetHandle}`));
  const issues: Issue[] = [];
  wf.nodes.forEach((node, i) => {
    const info = typeInfo(catalog, node.type);
    // A disabled node is skipped, never run: it needs nothing.
    if (!info?.requiredInputs || node.disabled) return;
    const props = info.props
      ? info.props.safeParse(node.props)
      : { success: true, data: node.props };
    if (!props.success) return;
    for (const port of info.requiredInputs(props.data as never))
      if (!fed.has(`${node.id}\0${port}`))
        issues.push({
          path: formatPath(['nodes', i, 'inputs', port]),
          message: `must be connected (${node.type} needs it)`,
        });
  });
  return issues;
}

/** The workflow schema with its graph rules; pass the node catalog to check types, ports and props. */
export function workflowSchema(catalog?: NodeTypeCatalog) {
  return workflowShapeSchema.superRefine((wf, ctx) => {
    checkIds(wf, ctx);
    if (catalog) checkNodeTypes(wf, catalog, ctx);
    checkEdges(wf, catalog, ctx);
  });
}

export type ValidationResult =
  { ok: true; workflow: Workflow } | { ok: false; issues: Issue[]; message: string };

/** Validates a parsed value; every issue names its path and the rule it broke. */
export function validateWorkflow(value: unknown, catalog?: NodeTypeCatalog): ValidationResult {
  const parsed = workflowSchema(catalog).safeParse(value);
  if (parsed.success) return { ok: true, workflow: parsed.data };
  const issues = toIssues(parsed.error);
  return { ok: false, issues, message: formatIssues(namingNodes(issues, value)) };
}

/**
 * The issues with each `nodes[i]…` path followed by the node's id, for a message read without
 * the workflow at hand (API clients): `nodes[1].props.threshold (node "check"): must be ≤ 1`.
 * `issues` keep the bare paths, which the editor maps back to its nodes.
 */
export function namingNodes(issues: readonly Issue[], value: unknown): Issue[] {
  const nodes = (value as { nodes?: unknown } | null)?.nodes;
  if (!Array.isArray(nodes)) return [...issues];
  return issues.map((issue) => {
    const i = /^nodes\[(\d+)\]/.exec(issue.path)?.[1];
    const id = i === undefined ? undefined : (nodes[Number(i)] as { id?: unknown } | null)?.id;
    if (typeof id !== 'string' || issue.message.includes(`node "${id}"`)) return issue;
    return { ...issue, path: `${issue.path} (node "${id}")` };
  });
}

/** Parses workflow JSON text: a syntax error names the line and column. */
export function parseWorkflowJson(text: string, catalog?: NodeTypeCatalog): ValidationResult {
  if (text.length > LIMITS.jsonChars) {
    const issue = {
      path: '',
      message: `file is ${(text.length / 1e6).toFixed(1)} MB; the limit is ${LIMITS.jsonChars / 1e6} MB`,
    };
    return { ok: false, issues: [issue], message: issue.message };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    const offset = jsonErrorOffset(text);
    const place = offset < 0 ? null : lineAndColumn(text, offset);
    const at = place ? ` at line ${place.line}, column ${place.column}` : '';
    const issue = { path: '', message: `not valid JSON${at}: ${detail}` };
    return { ok: false, issues: [issue], message: issue.message };
  }
  return validateWorkflow(value, catalog);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
  );
}

function canonicalRetry(r: RetryPolicy): RetryPolicy {
  return {
    maxAttempts: r.maxAttempts,
    backoffMs: r.backoffMs,
    factor: r.factor,
    maxBackoffMs: r.maxBackoffMs,
  };
}

/** A copy with the canonical key order: schema order for the workflow, sorted keys inside props. */
export function canonicalWorkflow(wf: Workflow): Workflow {
  return {
    id: wf.id,
    name: wf.name,
    description: wf.description,
    version: wf.version,
    nodes: wf.nodes.map((n) => ({
      id: n.id,
      type: n.type,
      name: n.name,
      position: { x: n.position.x, y: n.position.y },
      props: sortKeys(n.props) as Record<string, unknown>,
      ...(n.disabled !== undefined && { disabled: n.disabled }),
      ...(n.retry && { retry: canonicalRetry(n.retry) }),
      ...(n.timeoutMs !== undefined && { timeoutMs: n.timeoutMs }),
    })),
    edges: wf.edges.map((e) => ({
      id: e.id,
      source: e.source,
      sourceHandle: e.sourceHandle,
      target: e.target,
      targetHandle: e.targetHandle,
    })),
    settings: {
      ...(wf.settings.concurrency && { concurrency: wf.settings.concurrency }),
      ...(wf.settings.timeoutMs !== undefined && { timeoutMs: wf.settings.timeoutMs }),
      ...(wf.settings.nodeTimeoutMs !== undefined && { nodeTimeoutMs: wf.settings.nodeTimeoutMs }),
      ...(wf.settings.retry && { retry: canonicalRetry(wf.settings.retry) }),
    },
  };
}

/** Git-friendly export: canonical key order, two-space indent, trailing newline. */
export function serializeWorkflow(wf: Workflow): string {
  return `${JSON.stringify(canonicalWorkflow(wf), null, 2)}\n`;
}

/** A file name for an export: `my-workflow.flowdeck.json`. */
export function exportFileName(wf: Pick<Workflow, 'name' | 'id'>): string {
  const slug = wf.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  return `${slug || wf.id}.flowdeck.json`;
}

export { formatPath };
