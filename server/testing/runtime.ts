/**
 * A runtime for integration tests: a real executor on a test database (PGlite or Postgres) with
 * a real event bus (memory, or Redis when REDIS_URL is set), plus helpers to build workflows,
 * collect events and wait for an execution to end.
 */
import { nanoid } from 'nanoid';
import type { RuntimeEvent } from '@/lib/events';
import type { Workflow, WorkflowInput } from '@/lib/workflow';
import { createCaller } from '../api/root';
import { createContext } from '../api/trpc';
import type { Database } from '../db/client';
import { getExecution } from '../db/executions';
import { logger } from '../logger';
import { createEventBus } from '../runtime/event-bus';
import type { EventBus } from '../runtime/event-bus/event-bus';
import { checkpointOptions, createRuntime, type RuntimeOptions } from '../runtime/runtime';
import { serveApi } from './serve-api';
import { testRegistry } from './test-nodes';

export type TestRuntime = Awaited<ReturnType<typeof startTestRuntime>>;

export async function startTestRuntime(
  database: Database,
  options: Partial<RuntimeOptions> & { bus?: EventBus } = {},
) {
  const bus = options.bus ?? createEventBus({ redisUrl: process.env.REDIS_URL, log: logger });
  const runtime = await createRuntime({
    db: database.db,
    bus,
    log: logger,
    registry: testRegistry,
    catalog: testRegistry,
    recover: false,
    ...checkpointOptions(database),
    // Tests seed executions with past dates: no pruning unless a test asks for it.
    retention: false,
    ...options,
  });
  const api = createCaller(
    createContext(
      { db: database.db, catalog: testRegistry, log: logger, runtime },
      { 'x-flowdeck-user': 'tester' },
    ),
  );

  /** Saves a workflow (nodes and edges given tersely) and returns it as stored. */
  async function save(
    spec: Omit<WorkflowInput, 'id' | 'name'> & { name?: string },
  ): Promise<Workflow> {
    const created = await api.workflows.create({ name: spec.name ?? `Test ${nanoid(6)}` });
    const { workflow } = await api.workflows.save({
      workflow: { ...spec, id: created.id, name: created.name, version: created.version },
    });
    return workflow;
  }

  /** Collects every event of a workflow from now on (resolves once the subscription is live). */
  async function collect(workflowId: string) {
    const events: RuntimeEvent[] = [];
    const controller = new AbortController();
    const iterable = bus.subscribe({ workflowId }, { signal: controller.signal });
    void (async () => {
      try {
        for await (const e of iterable) events.push(e);
      } catch {
        // the subscription ended
      }
    })();
    await iterable.ready;
    return { events, stop: () => controller.abort() };
  }

  async function waitFor<T>(
    probe: () => Promise<T | undefined> | T | undefined,
    timeoutMs = 10_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > deadline) throw new Error('waitFor: timed out');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Waits until the execution's record reaches one of the statuses. */
  async function until(executionId: string, statuses: string[], timeoutMs = 10_000) {
    return waitFor(async () => {
      const found = await getExecution(database.db, executionId).catch(() => undefined);
      return found && statuses.includes(found.execution.status) ? found : undefined;
    }, timeoutMs);
  }

  /** Serves the real /api handlers (tRPC, hooks, events, health, metrics) over this runtime. */
  const serve = () =>
    serveApi({
      db: database.db,
      catalog: testRegistry,
      log: logger,
      database,
      bus,
      runtime,
      snapshots: (filter) => runtime.snapshots(filter),
      close: async () => {},
    });

  return {
    runtime,
    bus,
    api,
    serve,
    save,
    collect,
    waitFor,
    until,
    async close() {
      await runtime.close();
      if (!options.bus) await bus.close();
    },
  };
}

/** Shorthand for a node in a test workflow. */
export function node(
  id: string,
  type: string,
  props: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) {
  return { id, type, name: id, position: { x: 0, y: 0 }, props, ...extra };
}

/** Shorthand for an edge `source.port → target.port`. */
export function edge(from: string, to: string, fromPort = 'out', toPort = 'in') {
  return {
    id: `${from}.${fromPort}-${to}.${toPort}`,
    source: from,
    sourceHandle: fromPort,
    target: to,
    targetHandle: toPort,
  };
}
