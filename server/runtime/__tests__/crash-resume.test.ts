import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTRPCClient, httpLink } from '@trpc/client';
import { and, eq } from 'drizzle-orm';
import superjson from 'superjson';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppRouter } from '../../api/root';
import { openDatabase } from '../../db/client';
import { workflowState } from '../../db/schema';
import { createScratchPostgres } from '../../testing/databases';
import { edge, node } from '../../testing/runtime';

type Proc = { child: ChildProcess; port: number };

function startProcess(env: Record<string, string>): Promise<Proc> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/testing/runtime-process.ts'], {
    env: { ...process.env, LOG_LEVEL: 'warn', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /ready (\d+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.on('exit', (code) =>
      reject(new Error(`runtime process exited with ${code} before it was ready`)),
    );
  });
}

const client = (port: number) =>
  createTRPCClient<AppRouter>({
    links: [httpLink({ url: `http://127.0.0.1:${port}/api/trpc`, transformer: superjson })],
  });

async function poll<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('poll: timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const cleanups: (() => Promise<void>)[] = [];

const backends = [
  {
    name: 'pglite',
    env: async (): Promise<Record<string, string>> => {
      const dir = mkdtempSync(path.join(tmpdir(), 'flowdeck-crash-'));
      cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
      return { DATABASE_URL: '', FLOWDECK_DATA_DIR: dir };
    },
  },
  ...(process.env.DATABASE_URL
    ? [
        {
          name: 'postgres',
          env: async (): Promise<Record<string, string>> => {
            const scratch = await createScratchPostgres(process.env.DATABASE_URL!);
            cleanups.push(scratch.drop);
            return { DATABASE_URL: scratch.url };
          },
        },
      ]
    : []),
];

describe.each(backends)('a process killed mid-run on $name', ({ env }) => {
  const procs: ChildProcess[] = [];
  afterEach(async () => {
    for (const p of procs) if (p.exitCode === null) p.kill('SIGKILL');
    for (const cleanup of cleanups.splice(0)) await cleanup().catch(() => {});
  });

  async function started(vars: Record<string, string>) {
    const p = await startProcess(vars);
    procs.push(p.child);
    return { ...p, api: client(p.port) };
  }

  async function killed(p: Proc) {
    p.child.kill('SIGKILL');
    await new Promise((r) => p.child.once('exit', r));
  }

  type Spec = {
    nodes: ReturnType<typeof node>[];
    edges: ReturnType<typeof edge>[];
    settings?: { concurrency: 'queue' };
  };
  async function saved(api: ReturnType<typeof client>, spec: Spec) {
    const created = await api.workflows.create.mutate({ name: `Crash ${Date.now()}` });
    const { workflow } = await api.workflows.save.mutate({ workflow: { ...created, ...spec } });
    return workflow;
  }

  /** Runs the workflow in a new process and kills it once node "first" has succeeded. */
  async function killedAfterFirst(vars: Record<string, string>, spec: Spec) {
    const a = await started(vars);
    const workflow = await saved(a.api, spec);
    const { executionId } = await a.api.runtime.run.mutate({ workflowId: workflow.id });
    await poll(async () => {
      const { nodeRuns } = await a.api.executions.get.query({ id: executionId });
      return nodeRuns.some((r) => r.nodeId === 'first' && r.status === 'succeeded')
        ? true
        : undefined;
    }, 10_000);
    await killed(a);
    return { workflow, executionId };
  }

  async function finished(port: number, executionId: string, timeoutMs: number) {
    return poll(async () => {
      const found = await client(port).executions.get.query({ id: executionId });
      return ['succeeded', 'failed'].includes(found.execution.status) ? found : undefined;
    }, timeoutMs);
  }

  it(
    'is resumed by the next process without re-running finished nodes',
    { timeout: 60_000 },
    async () => {
      const vars = await env();
      const { workflow, executionId } = await killedAfterFirst(vars, {
        nodes: [
          node('trigger', 'manual-trigger'),
          node('first', 'test-count'),
          node('slow', 'test-slow', { ms: 1_500 }),
          node('last', 'test-count'),
        ],
        edges: [edge('trigger', 'first'), edge('first', 'slow'), edge('slow', 'last')],
      });

      const b = await started(vars);
      const done = await finished(b.port, executionId, 30_000);
      expect(done.execution.status).toBe('succeeded');
      expect(done.nodeRuns.filter((r) => r.nodeId === 'first')).toHaveLength(1);
      expect(done.nodeRuns.find((r) => r.nodeId === 'last')?.status).toBe('succeeded');

      b.child.kill('SIGTERM');
      await new Promise((r) => b.child.once('exit', r));
      const database = await openDatabase(
        vars.DATABASE_URL
          ? { url: vars.DATABASE_URL }
          : { dataDir: path.join(vars.FLOWDECK_DATA_DIR!, 'pglite') },
      );
      try {
        const counts = await database.db
          .select({ key: workflowState.key, value: workflowState.value })
          .from(workflowState)
          .where(and(eq(workflowState.workflowId, workflow.id)));
        expect(Object.fromEntries(counts.map((c) => [c.key, c.value]))).toEqual({
          'runs:first': 1,
          'runs:last': 1,
        });
      } finally {
        await database.close();
      }
    },
  );

  it(
    'is resumed as the next process on the same machine starts, not once the heartbeat is old',
    { timeout: 60_000 },
    async () => {
      // Heartbeats count as fresh for 10 minutes: only knowing the pid is gone can resume it.
      const vars = { ...(await env()), DEAD_AFTER_MS: '600000' };
      const { executionId } = await killedAfterFirst(vars, {
        nodes: [
          node('trigger', 'manual-trigger'),
          node('first', 'test-count'),
          node('slow', 'test-slow', { ms: 2_000 }),
        ],
        edges: [edge('trigger', 'first'), edge('first', 'slow')],
      });

      const b = await started(vars);
      // Without knowing the pid is gone, it would stay "running" for the 10 minutes.
      const done = await finished(b.port, executionId, 15_000);
      expect(done.execution.status).toBe('succeeded');
      expect(done.nodeRuns.filter((r) => r.nodeId === 'first')).toHaveLength(1);
    },
  );

  it(
    'records a firing queued in a process that died as cancelled, and resumes the run ahead of it',
    { timeout: 60_000 },
    async () => {
      const vars = { ...(await env()), DEAD_AFTER_MS: '600000' };
      const a = await started(vars);
      const path = `crash-queue-${Date.now()}`;
      const workflow = await saved(a.api, {
        nodes: [
          node('hook', 'webhook-trigger', { path, respond: 'immediately' }),
          node('slow', 'test-slow', { ms: 60_000 }),
        ],
        edges: [edge('hook', 'slow')],
        settings: { concurrency: 'queue' },
      });
      await a.api.runtime.activate.mutate({ workflowId: workflow.id });
      const post = async () => {
        const res = await fetch(`http://127.0.0.1:${a.port}/api/hooks/${path}`, {
          method: 'POST',
        });
        return ((await res.json()) as { executionId: string }).executionId;
      };
      const ahead = await post();
      const queued = await post();
      await killed(a);

      const b = await started(vars);
      const lost = await poll(async () => {
        const found = await b.api.executions.get.query({ id: queued });
        return found.execution.status === 'cancelled' ? found : undefined;
      }, 10_000);
      expect(lost.execution.error?.message).toBe(
        'the process that queued it stopped before its turn',
      );
      expect(lost.nodeRuns).toEqual([]);
      await poll(async () => {
        const { lines } = await b.api.executions.logs.query({ id: ahead });
        return lines.some((l) => l.msg === 'execution resumed: the process that ran it stopped')
          ? true
          : undefined;
      }, 10_000);
      await b.api.runtime.cancel.mutate({ executionId: ahead });
    },
  );
});
