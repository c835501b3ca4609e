/**
 * Triggers of active workflows: interval timers, cron schedules (croner), webhook paths and
 * event channels. Activating arms every trigger node of the workflow; deactivating disarms them.
 * Firing goes through `fire`, which applies the workflow's concurrency setting.
 *
 * Known limit: timers and channels are armed in every process that activates the workflow; with
 * several server processes on one database, only one of them should arm them (queue mode).
 */
import { Cron } from 'croner';
import type { Workflow, WorkflowNode } from '@/lib/workflow';
import type { AnyNodeDefinition } from '../nodes/define-node';
import type { Logger } from '../logger';
import type { EventBus } from './event-bus/event-bus';
import { UserError } from './errors';

export type Fire = (
  workflow: Workflow,
  node: WorkflowNode,
  kind: 'interval' | 'cron' | 'webhook' | 'event',
  input: unknown,
) => void;

export type WebhookRoute = {
  workflow: Workflow;
  node: WorkflowNode;
  respond: 'when-finished' | 'immediately';
};

type Armed = { workflow: Workflow; disarm: (() => void)[]; hooks: string[] };

export const channelTopic = (channel: string) => `channel:${channel}`;

/** Normalises a webhook path: no leading or trailing slash, lower case. */
export const hookKey = (method: string, path: string) =>
  `${method.toUpperCase()} ${path.replace(/^\/+|\/+$/g, '').toLowerCase()}`;

export function createTriggers(deps: {
  registry: Readonly<Record<string, AnyNodeDefinition>>;
  bus: EventBus;
  log: Logger;
  fire: Fire;
}) {
  const armed = new Map<string, Armed>();
  const hooks = new Map<string, WebhookRoute>();

  function props(node: WorkflowNode, def: AnyNodeDefinition): Record<string, unknown> {
    const parsed = def.props.safeParse(node.props);
    if (!parsed.success)
      throw new UserError(
        'BAD_REQUEST',
        `trigger node "${node.id}" has invalid props: ${parsed.error.issues[0]?.message}`,
      );
    return parsed.data as Record<string, unknown>;
  }

  function armNode(workflow: Workflow, node: WorkflowNode, def: AnyNodeDefinition, into: Armed) {
    const p = props(node, def);
    switch (def.trigger) {
      case 'interval': {
        const ms = Number(p.intervalMs);
        const timer = setInterval(
          () => deps.fire(workflow, node, 'interval', { firedAt: new Date().toISOString() }),
          ms,
        );
        into.disarm.push(() => clearInterval(timer));
        return;
      }
      case 'cron': {
        const job = new Cron(
          String(p.expression),
          { timezone: (p.timezone as string | undefined) || undefined },
          () => deps.fire(workflow, node, 'cron', { firedAt: new Date().toISOString() }),
        );
        into.disarm.push(() => job.stop());
        return;
      }
      case 'webhook': {
        const key = hookKey(String(p.method ?? 'POST'), String(p.path));
        const taken = hooks.get(key);
        if (taken && taken.workflow.id !== workflow.id) {
          throw new UserError(
            'CONFLICT',
            `webhook ${key} is already used by the active workflow "${taken.workflow.name}" (${taken.workflow.id})`,
          );
        }
        hooks.set(key, {
          workflow,
          node,
          respond: p.respond === 'immediately' ? 'immediately' : 'when-finished',
        });
        into.hooks.push(key);
        return;
      }
      case 'event': {
        const stop = deps.bus.listen(channelTopic(String(p.channel)), (message) =>
          deps.fire(workflow, node, 'event', message),
        );
        into.disarm.push(stop);
        return;
      }
      default:
        return;
    }
  }

  function disarm(workflowId: string) {
    const a = armed.get(workflowId);
    if (!a) return false;
    for (const stop of a.disarm) stop();
    for (const key of a.hooks) if (hooks.get(key)?.workflow.id === workflowId) hooks.delete(key);
    armed.delete(workflowId);
    return true;
  }

  return {
    /** Arms every trigger node; refuses (arming nothing) when the workflow has none or one is invalid. */
    arm(workflow: Workflow) {
      const triggerNodes = workflow.nodes.filter(
        (n) =>
          !n.disabled &&
          deps.registry[n.type]?.trigger &&
          deps.registry[n.type]?.trigger !== 'manual',
      );
      if (triggerNodes.length === 0) {
        throw new UserError(
          'BAD_REQUEST',
          'this workflow has no interval, cron, webhook or event trigger to activate; use Run to start it by hand',
        );
      }
      disarm(workflow.id);
      const entry: Armed = { workflow, disarm: [], hooks: [] };
      try {
        for (const node of triggerNodes) armNode(workflow, node, deps.registry[node.type]!, entry);
      } catch (err) {
        for (const stop of entry.disarm) stop();
        for (const key of entry.hooks) hooks.delete(key);
        throw err;
      }
      armed.set(workflow.id, entry);
      deps.log.info(
        { workflowId: workflow.id, triggers: triggerNodes.map((n) => n.type) },
        'workflow activated',
      );
    },
    disarm,
    isArmed: (workflowId: string) => armed.has(workflowId),
    /** The version whose triggers are armed (undefined: none). */
    armedWorkflow: (workflowId: string) => armed.get(workflowId)?.workflow,
    webhook: (method: string, path: string) => hooks.get(hookKey(method, path)),
    disarmAll() {
      for (const id of [...armed.keys()]) disarm(id);
    },
  };
}

export type Triggers = ReturnType<typeof createTriggers>;
