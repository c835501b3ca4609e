/**
 * Live props: values that override a node's saved props while its workflow runs (Unity's Play
 * Mode inspector). The executor reads them synchronously each time a node starts
 * (`ExecutorDeps.liveProps`), so the next run of a node uses a new value without a restart.
 *
 * Where the overlay lives: the `live_props` table is the shared truth and every process keeps a
 * copy in memory for the executor. A change is one transaction (overrides and their audit rows in
 * `live_props_log`), so a refused patch changes nothing and the log never disagrees with the
 * overlay. It is then broadcast on the bus topic `live-props` (memory, or Redis pub/sub with
 * REDIS_URL): other processes re-read that workflow's rows. The broadcast is only a poke, as in
 * emergency.ts: each change gets the id of its last audit row as the workflow's `revision`, a
 * process applies a read only when it is newer than the one it holds, and the heartbeat re-reads
 * everything (the bus delivers at most once). Why not a Redis hash: every process shares the
 * database anyway (checkpoints), the database gives one atomic write for overrides and audit, and
 * an active workflow's overrides survive a restart of the server as the activation does.
 *
 * Overrides belong to a live session: `deactivate` asks the caller to apply or discard them, and
 * activating discards what a manual run or a SHUTDOWN left behind, so none leaks into a later
 * activation unasked.
 */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { RuntimeEvent } from '@/lib/events';
import type { NodeTypeCatalog, Workflow } from '@/lib/workflow';
import { formatIssues, toIssues } from '@/lib/zod-issues';
import type { Db } from '../db/client';
import { executions, liveProps, livePropsLog, type LivePropsAction } from '../db/schema';
import { getWorkflow, saveWorkflow } from '../db/workflows';
import type { AnyNodeDefinition } from '../nodes/define-node';
import type { Logger } from '../logger';
import type { EventBus } from './event-bus/event-bus';
import { UserError } from './errors';

export const LIVE_PROPS_TOPIC = 'live-props';
/** The pseudo execution id under which a workflow's `props_changed` events travel. */
export const livePropsStream = (workflowId: string) => `live-props:${workflowId}`;

/** Overrides of one workflow: node id → field → value. */
export type Overrides = Record<string, Record<string, unknown>>;

type Held = { revision: number; nodes: Map<string, Record<string, unknown>> };
type Poke = { workflowId: string; revision: number };

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export type LivePropsDeps = {
  db: Db;
  bus: EventBus;
  log: Logger;
  registry: Readonly<Record<string, AnyNodeDefinition>>;
  catalog: NodeTypeCatalog;
  /** Called after `apply` saved a new version (the runtime re-arms the triggers with it). */
  onApplied?: (workflow: Workflow) => void;
};

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function shapeOf(def: AnyNodeDefinition): Record<string, unknown> | null {
  const shape = (def.props as { shape?: unknown }).shape;
  return shape && typeof shape === 'object' ? (shape as Record<string, unknown>) : null;
}

export async function createLiveProps(deps: LivePropsDeps) {
  const held = new Map<string, Held>();

  async function read(db: Db | Tx, workflowId?: string) {
    const rows = await db
      .select()
      .from(liveProps)
      .where(workflowId ? eq(liveProps.workflowId, workflowId) : undefined);
    const revisions = await db
      .select({
        workflowId: livePropsLog.workflowId,
        revision: sql<number>`max(${livePropsLog.id})`.mapWith(Number),
      })
      .from(livePropsLog)
      .where(workflowId ? eq(livePropsLog.workflowId, workflowId) : undefined)
      .groupBy(livePropsLog.workflowId);
    const out = new Map<string, Held>();
    for (const r of revisions) out.set(r.workflowId, { revision: r.revision, nodes: new Map() });
    for (const row of rows) {
      let entry = out.get(row.workflowId);
      if (!entry) out.set(row.workflowId, (entry = { revision: 0, nodes: new Map() }));
      entry.nodes.set(row.nodeId, row.props);
    }
    if (workflowId && !out.has(workflowId)) out.set(workflowId, { revision: 0, nodes: new Map() });
    return out;
  }

  /** Takes a read when it is newer than what this process holds; a node whose values did not change keeps its object. */
  function take(workflowId: string, next: Held) {
    const current = held.get(workflowId);
    if (current && next.revision < current.revision) return;
    if (current)
      for (const [nodeId, props] of next.nodes) {
        const before = current.nodes.get(nodeId);
        if (before && same(before, props)) next.nodes.set(nodeId, before);
      }
    if (next.nodes.size === 0 && next.revision === 0) held.delete(workflowId);
    else held.set(workflowId, next);
  }

  async function refresh(workflowId?: string) {
    const all = await read(deps.db, workflowId);
    if (!workflowId)
      for (const id of held.keys())
        if (!all.has(id)) all.set(id, { revision: 0, nodes: new Map() });
    for (const [id, next] of all) take(id, next);
  }

  const unlisten = deps.bus.listen(LIVE_PROPS_TOPIC, (message) => {
    const poke = message as Partial<Poke> | null;
    if (!poke || typeof poke.workflowId !== 'string' || typeof poke.revision !== 'number') return;
    if (poke.revision <= (held.get(poke.workflowId)?.revision ?? 0)) return;
    void refresh(poke.workflowId).catch((err: unknown) =>
      deps.log.error({ err, workflowId: poke.workflowId }, 'could not read live props'),
    );
  });
  await unlisten.ready;
  await refresh();

  /** Executions of the workflow running or paused now, in any process. */
  async function activeExecutionIds(tx: Db | Tx, workflowId: string) {
    const rows = await tx
      .select({ id: executions.id })
      .from(executions)
      .where(
        and(
          eq(executions.workflowId, workflowId),
          inArray(executions.status, ['queued', 'running', 'waiting', 'halted']),
        ),
      );
    return rows.map((r) => r.id);
  }

  async function lockOverrides(tx: Tx, workflowId: string) {
    const rows = await tx
      .select()
      .from(liveProps)
      .where(eq(liveProps.workflowId, workflowId))
      .for('update');
    return new Map(rows.map((r) => [r.nodeId, r.props]));
  }

  type Change = {
    nodeId: string;
    field: string;
    action: LivePropsAction;
    oldValue: unknown;
    newValue: unknown;
  };

  /** Writes the audit rows of a change (inside its transaction); returns the new revision. */
  async function audit(tx: Tx, workflowId: string, by: string, changes: Change[]) {
    if (changes.length === 0) return null;
    const executionIds = await activeExecutionIds(tx, workflowId);
    const rows = await tx
      .insert(livePropsLog)
      .values(
        changes.map((c) => ({
          workflowId,
          nodeId: c.nodeId,
          field: c.field,
          action: c.action,
          oldValue: c.oldValue ?? null,
          newValue: c.newValue ?? null,
          actor: by,
          executionIds,
        })),
      )
      .returning({ id: livePropsLog.id });
    return Math.max(...rows.map((r) => r.id));
  }

  /** After a committed change: hold it here, poke the other processes, tell the browsers. */
  async function committed(
    workflowId: string,
    revision: number,
    nodes: Map<string, Record<string, unknown>>,
    changed: Map<string, Record<string, unknown>>,
    by: string,
  ) {
    take(workflowId, { revision, nodes });
    const ts = Date.now();
    for (const [nodeId, props] of changed) {
      const event: RuntimeEvent = {
        type: 'props_changed',
        executionId: livePropsStream(workflowId),
        workflowId,
        seq: revision,
        ts,
        nodeId,
        props,
        by,
      };
      deps.bus.publish(event);
    }
    await deps.bus
      .send(LIVE_PROPS_TOPIC, { workflowId, revision } satisfies Poke)
      .catch((err: unknown) =>
        deps.log.error({ err }, 'live props broadcast failed; other processes catch up on refresh'),
      );
  }

  /**
   * Drops overrides with `action` in the log: every one of the workflow, or of one node, or one
   * field of one node (`scope.field`); the node keeps its other overrides.
   */
  async function clear(
    workflowId: string,
    by: string,
    action: LivePropsAction,
    scope: { nodeId?: string; field?: string } = {},
    saved?: Workflow,
  ) {
    const workflow = saved ?? (await getWorkflow(deps.db, workflowId)).workflow;
    const result = await deps.db.transaction(async (tx) => {
      const current = await lockOverrides(tx, workflowId);
      const changes: Change[] = [];
      /** node → the overrides it keeps ({}: none, its row goes). */
      const kept = new Map<string, Record<string, unknown>>();
      for (const [id, props] of current) {
        if (scope.nodeId && id !== scope.nodeId) continue;
        const savedProps = workflow.nodes.find((n) => n.id === id)?.props ?? {};
        const remaining: Record<string, unknown> = {};
        for (const [field, value] of Object.entries(props)) {
          if (scope.field && field !== scope.field) remaining[field] = value;
          else
            changes.push({
              nodeId: id,
              field,
              action,
              oldValue: value,
              newValue: savedProps[field],
            });
        }
        if (Object.keys(remaining).length < Object.keys(props).length) kept.set(id, remaining);
      }
      if (changes.length === 0) return null;
      for (const [id, remaining] of kept) {
        const row = and(eq(liveProps.workflowId, workflowId), eq(liveProps.nodeId, id));
        if (Object.keys(remaining).length === 0) await tx.delete(liveProps).where(row);
        else
          await tx
            .update(liveProps)
            .set({ props: remaining, updatedBy: by, updatedAt: new Date() })
            .where(row);
        if (Object.keys(remaining).length === 0) current.delete(id);
        else current.set(id, remaining);
      }
      const revision = await audit(tx, workflowId, by, changes);
      return { revision: revision!, nodes: current, kept };
    });
    if (!result) return { workflowId, reverted: [] as string[] };
    await committed(workflowId, result.revision, result.nodes, result.kept, by);
    return { workflowId, reverted: [...result.kept.keys()] };
  }

  return {
    /** For the executor: the overrides of a node, a new object whenever they change. */
    forNode(workflowId: string, nodeId: string): Record<string, unknown> | undefined {
      return held.get(workflowId)?.nodes.get(nodeId);
    },

    /** The overrides of a workflow, as this process holds them. */
    get(workflowId: string): Overrides {
      return Object.fromEntries(held.get(workflowId)?.nodes ?? []);
    },

    /** How many fields are overridden in the workflow. */
    count(workflowId: string): number {
      let n = 0;
      for (const props of held.get(workflowId)?.nodes.values() ?? [])
        n += Object.keys(props).length;
      return n;
    },

    /**
     * Overrides fields of a node. Refused, changing nothing: a node not in the latest saved
     * version (NOT_FOUND), a field its type does not have, or values its schema rejects
     * (BAD_REQUEST). Concurrent patches: the last one wins.
     */
    async patch(input: {
      workflowId: string;
      nodeId: string;
      props: Record<string, unknown>;
      by: string;
    }) {
      const { workflowId, nodeId, by } = input;
      const { workflow, isActive } = await getWorkflow(deps.db, workflowId);
      const node = workflow.nodes.find((n) => n.id === nodeId);
      if (!node)
        throw new UserError(
          'NOT_FOUND',
          `node "${nodeId}" is not in the saved workflow "${workflowId}" (version ${workflow.version})`,
        );
      const def = deps.registry[node.type];
      if (!def) throw new UserError('BAD_REQUEST', `node "${nodeId}": unknown type "${node.type}"`);
      const fields = Object.keys(input.props);
      if (fields.length === 0) throw new UserError('BAD_REQUEST', 'props: nothing to change');
      const shape = shapeOf(def);
      for (const field of fields)
        if (shape && !(field in shape))
          throw new UserError(
            'BAD_REQUEST',
            `${field}: node "${nodeId}" (${node.type}) has no such property`,
          );

      if (!isActive && (await activeExecutionIds(deps.db, workflowId)).length === 0)
        throw new UserError(
          'CONFLICT',
          `workflow "${workflowId}" is not live (not active, nothing running): edit its props and save instead`,
        );

      const result = await deps.db.transaction(async (tx) => {
        const current = await lockOverrides(tx, workflowId);
        const before = current.get(nodeId) ?? {};
        const next = { ...before, ...input.props };
        const parsed = def.props.safeParse({ ...node.props, ...next });
        if (!parsed.success)
          throw new UserError('BAD_REQUEST', formatIssues(toIssues(parsed.error)), {
            issues: toIssues(parsed.error),
          });
        const changes: Change[] = fields.map((field) => ({
          nodeId,
          field,
          action: 'patch',
          oldValue: field in before ? before[field] : node.props[field],
          newValue: input.props[field],
        }));
        await tx
          .insert(liveProps)
          .values({ workflowId, nodeId, props: next, updatedBy: by, updatedAt: new Date() })
          .onConflictDoUpdate({
            target: [liveProps.workflowId, liveProps.nodeId],
            set: { props: next, updatedBy: by, updatedAt: new Date() },
          });
        const revision = await audit(tx, workflowId, by, changes);
        current.set(nodeId, next);
        return { revision: revision!, nodes: current, next };
      });
      await committed(
        workflowId,
        result.revision,
        result.nodes,
        new Map([[nodeId, result.next]]),
        by,
      );
      return {
        workflowId,
        nodeId,
        props: result.next,
        saved: node.props,
        revision: result.revision,
      };
    },

    /** Drops the overrides of one node, or of the whole workflow. */
    revert(workflowId: string, by: string, nodeId?: string, field?: string) {
      if (field && !nodeId)
        throw new UserError('BAD_REQUEST', 'field: give the nodeId of the field to revert');
      return clear(workflowId, by, 'revert', { nodeId, field });
    },

    /** Drops every override when a live session ends without applying them. */
    discard(workflowId: string, by: string) {
      return clear(workflowId, by, 'discard');
    },

    /** Saves the overrides into a new version of the workflow, then drops them. */
    async apply(workflowId: string, by: string) {
      const overrides = Object.fromEntries(held.get(workflowId)?.nodes ?? []);
      const { workflow } = await getWorkflow(deps.db, workflowId);
      if (Object.keys(overrides).length === 0)
        return { workflowId, version: workflow.version, applied: [] as string[] };
      const next: Workflow = {
        ...workflow,
        nodes: workflow.nodes.map((n) =>
          overrides[n.id] ? { ...n, props: { ...n.props, ...overrides[n.id] } } : n,
        ),
      };
      const saved = await saveWorkflow(deps.db, next, deps.catalog, { overwrite: true });
      deps.onApplied?.(saved.workflow);
      await clear(workflowId, by, 'apply', {}, saved.workflow);
      return {
        workflowId,
        version: saved.workflow.version,
        applied: Object.keys(overrides).filter((id) => next.nodes.some((n) => n.id === id)),
      };
    },

    /** The audit log of a workflow, newest first. */
    log(workflowId: string, limit = 100) {
      return deps.db
        .select()
        .from(livePropsLog)
        .where(eq(livePropsLog.workflowId, workflowId))
        .orderBy(desc(livePropsLog.id))
        .limit(limit);
    },

    /** Re-reads the stored overrides (a missed broadcast). */
    refresh,

    close() {
      unlisten();
      held.clear();
    },
  };
}

export type LiveProps = Awaited<ReturnType<typeof createLiveProps>>;
