import { TRPCError } from '@trpc/server';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS, serializeWorkflow, type Workflow, type WorkflowInput } from '@/lib/workflow';
import type { Database } from '../../db/client';
import { workflowVersions } from '../../db/schema';
import { nodeRegistry } from '../../nodes/registry';
import { UserError } from '../../runtime/errors';
import { callerFor } from '../../testing/caller';
import { databaseBackends } from '../../testing/databases';

/** The TRPCError a call failed with (the test fails if it succeeded or threw something else). */
async function rejection(call: Promise<unknown>): Promise<TRPCError> {
  const outcome = await call.then(
    () => new Error('expected the call to fail, but it succeeded'),
    (err: unknown) => err,
  );
  expect(outcome).toBeInstanceOf(TRPCError);
  return outcome as TRPCError;
}

/** trigger → threshold check → log (when above), built from the real node types. */
function pipeline(
  base: { id: string; version: number; name?: string },
  threshold = 100,
): WorkflowInput {
  return {
    id: base.id,
    version: base.version,
    name: base.name ?? 'Price alert',
    description: 'Logs a warning when the price is above the threshold',
    nodes: [
      { id: 'trigger', type: 'manual-trigger', name: 'Run', position: { x: 0, y: 0 } },
      {
        id: 'check',
        type: 'threshold-check',
        name: 'Above?',
        position: { x: 200, y: 0 },
        props: { threshold },
      },
      {
        id: 'alert',
        type: 'log',
        name: 'Alert',
        position: { x: 400, y: 0 },
        props: { message: 'price high', level: 'warn' },
      },
    ],
    edges: [
      { id: 'e1', source: 'trigger', sourceHandle: 'out', target: 'check', targetHandle: 'in' },
      { id: 'e2', source: 'check', sourceHandle: 'above', target: 'alert', targetHandle: 'in' },
    ],
    settings: { concurrency: 'skip' },
  };
}

/** Waits until the clock has moved on, so the next write gets a later timestamp. */
async function nextMillisecond() {
  const now = Date.now();
  while (Date.now() === now) await new Promise((resolve) => setTimeout(resolve, 1));
}

describe.each(databaseBackends)('workflows router on $name', ({ open }) => {
  let database: Database;
  let api: ReturnType<typeof callerFor>;

  beforeAll(async () => {
    database = await open();
    api = callerFor(database);
  });
  afterAll(async () => {
    await database?.close();
  });

  /** A new workflow saved once with the pipeline: version 2. */
  async function savedPipeline(name = 'Price alert', threshold = 100): Promise<Workflow> {
    const created = await api.workflows.create({ name });
    const saved = await api.workflows.save({
      workflow: pipeline({ id: created.id, version: 1, name }, threshold),
    });
    return saved.workflow;
  }

  const versionNumbers = async (id: string) =>
    (await api.workflows.versions({ id })).map((v) => v.version);
  const listIds = async () => (await api.workflows.list()).map((w) => w.id);

  describe('list', () => {
    it('lists workflows newest first, with their node count and inactive', async () => {
      const first = await api.workflows.create({ name: 'First' });
      await nextMillisecond();
      const second = await api.workflows.create({ name: 'Second' });
      const mine = <T extends { id: string }>(list: T[]) =>
        list.filter((w) => w.id === first.id || w.id === second.id);

      expect(mine(await api.workflows.list()).map((w) => w.id)).toEqual([second.id, first.id]);

      await nextMillisecond();
      await api.workflows.save({ workflow: pipeline({ id: first.id, version: 1, name: 'First' }) });
      const list = mine(await api.workflows.list());
      expect(list.map((w) => w.id)).toEqual([first.id, second.id]);
      expect(list[0]).toMatchObject({ name: 'First', version: 2, nodeCount: 3, isActive: false });
      expect(list[1]).toMatchObject({ name: 'Second', version: 1, nodeCount: 0, isActive: false });
      expect(list[0]!.updatedAt.getTime()).toBeGreaterThan(list[1]!.updatedAt.getTime());
    });
  });

  describe('get', () => {
    it('returns the latest version, and any earlier one on request', async () => {
      const wf = await savedPipeline('Versioned');
      const latest = await api.workflows.get({ id: wf.id });
      expect(latest.workflow).toEqual(wf);
      expect(latest).toMatchObject({ latestVersion: 2, isActive: false });

      const first = await api.workflows.get({ id: wf.id, version: 1 });
      expect(first.workflow).toMatchObject({ id: wf.id, version: 1, name: 'Versioned', nodes: [] });
      expect(first.latestVersion).toBe(2);
    });

    it('answers NOT_FOUND naming the unknown workflow or version', async () => {
      const unknown = await rejection(api.workflows.get({ id: 'wf_does_not_exist' }));
      expect(unknown.code).toBe('NOT_FOUND');
      expect(unknown.message).toBe('Workflow "wf_does_not_exist" does not exist');

      const wf = await api.workflows.create({ name: 'One version' });
      const version = await rejection(api.workflows.get({ id: wf.id, version: 7 }));
      expect(version.code).toBe('NOT_FOUND');
      expect(version.message).toBe(`Version "${wf.id}@7" does not exist`);
    });
  });

  describe('create', () => {
    it('creates an empty workflow at version 1 with a trimmed name', async () => {
      const wf = await api.workflows.create({
        name: '  Spread watcher ',
        description: 'BTC vs ETH',
      });
      expect(wf).toMatchObject({
        name: 'Spread watcher',
        description: 'BTC vs ETH',
        version: 1,
        nodes: [],
        edges: [],
      });
      expect(wf.id).toMatch(/^wf_/);
      expect(await api.workflows.versions({ id: wf.id })).toMatchObject([
        { version: 1, reason: 'create' },
      ]);
    });

    it('refuses an empty name with BAD_REQUEST naming the field, and creates nothing', async () => {
      const before = await listIds();
      const err = await rejection(api.workflows.create({ name: '   ' }));
      expect(err.code).toBe('BAD_REQUEST');
      expect(err.message).toBe('name: must not be empty');
      expect(await listIds()).toEqual(before);
    });

    it('refuses a name Postgres cannot store with BAD_REQUEST, not a server error', async () => {
      const err = await rejection(api.workflows.create({ name: 'bad\u0000name' }));
      expect(err.code).toBe('BAD_REQUEST');
      expect(err.message).toMatch(/^Invalid workflow:\nname: must not contain NUL characters/);
    });
  });

  describe('save', () => {
    it('stores a new version on every save', async () => {
      const created = await api.workflows.create({ name: 'Saver' });
      const v2 = await api.workflows.save({
        workflow: pipeline({ id: created.id, version: 1, name: 'Saver' }),
      });
      expect(v2.workflow.version).toBe(2);
      const v3 = await api.workflows.save({
        workflow: { ...v2.workflow, name: 'Saver, renamed in the editor' },
      });
      expect(v3.workflow.version).toBe(3);

      const versions = await api.workflows.versions({ id: created.id });
      expect(versions.map((v) => [v.version, v.reason])).toEqual([
        [3, 'save'],
        [2, 'save'],
        [1, 'create'],
      ]);
      expect((await api.workflows.get({ id: created.id })).workflow).toEqual(v3.workflow);
    });

    it('refuses a save from a stale version with CONFLICT, says which versions, and writes nothing', async () => {
      const wf = await savedPipeline('Contested');
      const stale = { ...wf, version: 1, name: 'Stale edit' };
      const err = await rejection(api.workflows.save({ workflow: stale }));
      expect(err.code).toBe('CONFLICT');
      expect(err.message).toContain('you loaded version 1, but the latest is version 2');
      expect(await versionNumbers(wf.id)).toEqual([2, 1]);
      expect((await api.workflows.get({ id: wf.id })).workflow.name).toBe('Contested');
    });

    it('with overwrite, saves a stale edit as a new version on top of the latest', async () => {
      const wf = await savedPipeline('Overwritten');
      const saved = await api.workflows.save({
        workflow: { ...wf, version: 1, name: 'Mine wins' },
        overwrite: true,
      });
      expect(saved.workflow).toMatchObject({ version: 3, name: 'Mine wins' });
      expect(await versionNumbers(wf.id)).toEqual([3, 2, 1]);
      expect((await api.workflows.get({ id: wf.id })).workflow).toEqual(saved.workflow);
    });

    it('refuses an invalid workflow with BAD_REQUEST listing each path and rule, and stores nothing', async () => {
      const wf = await savedPipeline('Validated');
      const broken = pipeline({ id: wf.id, version: 2 }, 'high' as unknown as number);
      broken.edges!.push({
        id: 'e3',
        source: 'check',
        sourceHandle: 'sideways',
        target: 'alert',
        targetHandle: 'in',
      });
      const err = await rejection(api.workflows.save({ workflow: broken }));
      expect(err.code).toBe('BAD_REQUEST');
      expect(err.message).toBe(
        'Invalid workflow:\n' +
          'nodes[1].props.threshold (node "check"): expected number, received string\n' +
          'edges[2].sourceHandle: node "check" (threshold-check) has no output port "sideways"; it has "above", "below"',
      );
      expect(err.cause).toBeInstanceOf(UserError);
      expect((err.cause as UserError).issues).toEqual([
        { path: 'nodes[1].props.threshold', message: 'expected number, received string' },
        {
          path: 'edges[2].sourceHandle',
          message:
            'node "check" (threshold-check) has no output port "sideways"; it has "above", "below"',
        },
      ]);
      expect(await versionNumbers(wf.id)).toEqual([2, 1]);
      expect((await api.workflows.get({ id: wf.id })).workflow).toEqual(wf);
    });

    it('refuses values the database cannot store with BAD_REQUEST, not a server error', async () => {
      const wf = await savedPipeline('Unstorable');
      for (const props of [{ message: 'nul\u0000byte' }, { message: 'x', extra: 10n }]) {
        const workflow = { ...wf, nodes: [{ ...wf.nodes[2]!, props }], edges: [] };
        const err = await rejection(api.workflows.save({ workflow }));
        expect(err.code).toBe('BAD_REQUEST');
        expect(err.message).toMatch(
          /^Invalid workflow:\nnodes\[0\]\.props\.(message|extra) \(node "[^"]+"\): /,
        );
      }
      expect(await versionNumbers(wf.id)).toEqual([2, 1]);
    });

    it('lets exactly one of two concurrent saves from the same version win', async () => {
      const wf = await savedPipeline('Race');
      const results = await Promise.allSettled([
        api.workflows.save({ workflow: { ...wf, name: 'Left' } }),
        api.workflows.save({ workflow: { ...wf, name: 'Right' } }),
      ]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0]!.reason).toBeInstanceOf(TRPCError);
      expect((lost[0]!.reason as TRPCError).code).toBe('CONFLICT');
      expect(await versionNumbers(wf.id)).toEqual([3, 2, 1]);
      expect((await api.workflows.get({ id: wf.id })).workflow.name).toBe(
        won[0]!.value.workflow.name,
      );
    });

    it('answers NOT_FOUND for a workflow that does not exist', async () => {
      const err = await rejection(
        api.workflows.save({ workflow: pipeline({ id: 'wf_never_created', version: 1 }) }),
      );
      expect(err.code).toBe('NOT_FOUND');
      expect(err.message).toBe('Workflow "wf_never_created" does not exist');
    });
  });

  describe('rename', () => {
    it('stores the new name as a new version and keeps the graph', async () => {
      const wf = await savedPipeline('Old name');
      const renamed = await api.workflows.rename({ id: wf.id, name: '  New name ' });
      expect(renamed.workflow).toEqual({ ...wf, name: 'New name', version: 3 });
      expect((await api.workflows.versions({ id: wf.id }))[0]).toMatchObject({
        version: 3,
        reason: 'rename',
        name: 'New name',
      });
      expect((await api.workflows.list()).find((w) => w.id === wf.id)?.name).toBe('New name');
    });

    it('refuses an empty name and an unknown workflow', async () => {
      const wf = await api.workflows.create({ name: 'Keep me' });
      const empty = await rejection(api.workflows.rename({ id: wf.id, name: '' }));
      expect([empty.code, empty.message]).toEqual(['BAD_REQUEST', 'name: must not be empty']);
      const unknown = await rejection(api.workflows.rename({ id: 'wf_missing', name: 'X' }));
      expect([unknown.code, unknown.message]).toEqual([
        'NOT_FOUND',
        'Workflow "wf_missing" does not exist',
      ]);
      expect(await versionNumbers(wf.id)).toEqual([1]);
    });
  });

  describe('delete', () => {
    it('removes the workflow and all its versions', async () => {
      const wf = await savedPipeline('Doomed');
      expect(await api.workflows.delete({ id: wf.id })).toEqual({ id: wf.id });

      expect(await listIds()).not.toContain(wf.id);
      expect((await rejection(api.workflows.get({ id: wf.id }))).code).toBe('NOT_FOUND');
      expect((await rejection(api.workflows.versions({ id: wf.id }))).code).toBe('NOT_FOUND');
      const rows = await database.db
        .select()
        .from(workflowVersions)
        .where(eq(workflowVersions.workflowId, wf.id));
      expect(rows).toEqual([]);
    });

    it('answers NOT_FOUND when the workflow is already gone', async () => {
      const wf = await api.workflows.create({ name: 'Twice' });
      await api.workflows.delete({ id: wf.id });
      const err = await rejection(api.workflows.delete({ id: wf.id }));
      expect([err.code, err.message]).toEqual(['NOT_FOUND', `Workflow "${wf.id}" does not exist`]);
    });
  });

  describe('duplicate', () => {
    it('copies the graph under a new id, named "(copy)", at version 1', async () => {
      const wf = await savedPipeline('Original');
      const copy = await api.workflows.duplicate({ id: wf.id });
      expect(copy.id).not.toBe(wf.id);
      expect(copy).toEqual({ ...wf, id: copy.id, name: 'Original (copy)', version: 1 });
      expect(await api.workflows.versions({ id: copy.id })).toMatchObject([
        { version: 1, reason: 'duplicate' },
      ]);
      expect((await api.workflows.get({ id: wf.id })).workflow).toEqual(wf);
    });

    it('keeps "(copy)" visible when the name is already at the length limit', async () => {
      const name = `${'x'.repeat(198)}🚀`;
      const wf = await api.workflows.create({ name });
      const copy = await api.workflows.duplicate({ id: wf.id });
      expect(copy.name).toBe(`${'x'.repeat(193)} (copy)`);
      expect(copy.name.length).toBeLessThanOrEqual(200);
    });

    it('takes a name for the copy', async () => {
      const wf = await api.workflows.create({ name: 'Source' });
      expect((await api.workflows.duplicate({ id: wf.id, name: 'Named copy' })).name).toBe(
        'Named copy',
      );
    });
  });

  describe('versions and restore', () => {
    it('lists versions newest first with why each exists', async () => {
      const wf = await savedPipeline('History');
      await api.workflows.rename({ id: wf.id, name: 'History, renamed' });
      await api.workflows.restore({ id: wf.id, version: 1 });
      const versions = await api.workflows.versions({ id: wf.id });
      expect(
        versions.map((v) => ({
          version: v.version,
          reason: v.reason,
          restoredFrom: v.restoredFrom,
          nodeCount: v.nodeCount,
        })),
      ).toEqual([
        { version: 4, reason: 'restore', restoredFrom: 1, nodeCount: 0 },
        { version: 3, reason: 'rename', restoredFrom: null, nodeCount: 3 },
        { version: 2, reason: 'save', restoredFrom: null, nodeCount: 3 },
        { version: 1, reason: 'create', restoredFrom: null, nodeCount: 0 },
      ]);
      expect(versions[0]!.createdAt).toBeInstanceOf(Date);
    });

    it('restores an old version as a new version with the same content', async () => {
      const wf = await savedPipeline('Restorable', 100);
      const v3 = await api.workflows.save({
        workflow: { ...pipeline({ id: wf.id, version: 2, name: 'Changed' }, 250) },
      });
      expect(v3.workflow.version).toBe(3);

      const restored = await api.workflows.restore({ id: wf.id, version: 2 });
      expect(restored.workflow).toEqual({ ...wf, version: 4 });
      expect((await api.workflows.get({ id: wf.id })).workflow).toEqual({ ...wf, version: 4 });
      expect((await api.workflows.versions({ id: wf.id }))[0]).toMatchObject({
        version: 4,
        reason: 'restore',
        restoredFrom: 2,
      });
    });

    it('answers NOT_FOUND for a version that never existed, and writes nothing', async () => {
      const wf = await api.workflows.create({ name: 'Short history' });
      const err = await rejection(api.workflows.restore({ id: wf.id, version: 5 }));
      expect([err.code, err.message]).toEqual(['NOT_FOUND', `Version "${wf.id}@5" does not exist`]);
      expect(await versionNumbers(wf.id)).toEqual([1]);
    });
  });

  describe('export and import', () => {
    it('exports pretty, stable JSON under a .flowdeck.json file name', async () => {
      const wf = await savedPipeline('BTC/ETH spread: alert!');
      const exported = await api.workflows.export({ id: wf.id });
      expect(exported.fileName).toBe('btc-eth-spread-alert.flowdeck.json');
      expect(exported.json).toBe(serializeWorkflow(wf));
      expect(exported.json.startsWith('{\n  "id": ')).toBe(true);
      expect(exported.json.endsWith('}\n')).toBe(true);
      expect(exported.json).toContain(
        '\n      "props": {\n        "level": "warn",\n        "message": "price high"\n      }',
      );

      const first = await api.workflows.export({ id: wf.id, version: 1 });
      expect(JSON.parse(first.json)).toMatchObject({ version: 1, nodes: [] });
    });

    it('export → delete → import → export gives the same bytes, under the same id and version', async () => {
      const saved = await savedPipeline('Round trip');
      // Values a database could reformat: float noise, exponents, unicode, nested prop keys.
      const [trigger, check, alert] = saved.nodes;
      const { workflow: wf } = await api.workflows.save({
        workflow: {
          ...saved,
          description: 'Ünïcödé "quoted" 🚀\nsecond line',
          nodes: [
            { ...trigger!, position: { x: 0.1 + 0.2, y: 1e21 }, disabled: true },
            { ...check!, props: { threshold: -1e-7, inclusive: true }, timeoutMs: 1500 },
            {
              ...alert!,
              props: { message: 'tab\tand \\ backslash', level: 'error' },
              retry: { maxAttempts: 3, backoffMs: 250, factor: 1.5, maxBackoffMs: 4000 },
            },
          ],
        },
      });
      const before = await api.workflows.export({ id: wf.id });
      await api.workflows.delete({ id: wf.id });

      const imported = await api.workflows.import({ json: before.json });
      expect(imported.isCopy).toBe(false);
      expect(imported.workflow).toEqual(wf);
      expect((await api.workflows.export({ id: wf.id })).json).toBe(before.json);
      expect(await api.workflows.versions({ id: wf.id })).toMatchObject([
        { version: 3, reason: 'import' },
      ]);
    });

    it('imports a copy under a new id when the id is taken', async () => {
      const wf = await savedPipeline('Taken');
      const { json } = await api.workflows.export({ id: wf.id });
      const imported = await api.workflows.import({ json });
      expect(imported.isCopy).toBe(true);
      expect(imported.workflow.id).not.toBe(wf.id);
      expect(imported.workflow).toEqual({ ...wf, id: imported.workflow.id, version: 1 });
      expect((await api.workflows.get({ id: wf.id })).workflow).toEqual(wf);
    });

    it('imports the same new file twice at once: one keeps its id, the other becomes a copy', async () => {
      const json = serializeWorkflow({
        ...(pipeline({ id: `wf_twice_${Date.now()}`, version: 1 }) as Workflow),
      });
      const results = await Promise.all([
        api.workflows.import({ json }),
        api.workflows.import({ json }),
      ]);
      expect(results.map((r) => r.isCopy).sort()).toEqual([false, true]);
      expect(new Set(results.map((r) => r.workflow.id)).size).toBe(2);
    });

    const node = (id: string, type = 'log') => ({ id, type, name: id, position: { x: 0, y: 0 } });
    const file = (patch: Record<string, unknown>) =>
      JSON.stringify({ id: 'wf_bad_import', name: 'Bad', nodes: [], edges: [], ...patch });

    it.each([
      [
        'invalid JSON',
        '{\n  "id": "wf_x",\n  "name": "X",\n}',
        /^Cannot import this file:\nnot valid JSON at line 4, column 1: /,
      ],
      [
        'an unknown field',
        file({ colour: 'red' }),
        /^Cannot import this file:\nunknown field "colour"$/,
      ],
      [
        'an unknown node type',
        file({ nodes: [node('a', 'teleport')] }),
        /nodes\[0\]\.type: unknown node type "teleport" \(node "a"\)/,
      ],
      [
        'an inherited object key as node type',
        file({
          nodes: [node('a', 'constructor'), node('b')],
          edges: [{ id: 'e', source: 'b', sourceHandle: 'out', target: 'a', targetHandle: 'in' }],
        }),
        /nodes\[0\]\.type: unknown node type "constructor" \(node "a"\)/,
      ],
      [
        'an edge to a missing port',
        file({
          nodes: [node('a'), node('b')],
          edges: [{ id: 'e', source: 'a', sourceHandle: 'out', target: 'b', targetHandle: 'nope' }],
        }),
        /edges\[0\]\.targetHandle: node "b" \(log\) has no input port "nope"; it has "in"/,
      ],
      [
        'a cycle',
        file({
          nodes: [node('a'), node('b')],
          edges: [
            { id: 'e1', source: 'a', sourceHandle: 'out', target: 'b', targetHandle: 'in' },
            { id: 'e2', source: 'b', sourceHandle: 'out', target: 'a', targetHandle: 'in' },
          ],
        }),
        /edges: form a cycle: "a" → "b" → "a"/,
      ],
      [
        `${LIMITS.nodes * 2} nodes in a small file`,
        file({ nodes: Array.from({ length: LIMITS.nodes * 2 }, (_, i) => node(`n${i}`)) }),
        new RegExp(`nodes: must have at most ${LIMITS.nodes} items`),
      ],
      [
        '10 MB of nodes',
        `{"nodes": [${'{"id": "n", "type": "log"},'.repeat(400_000)}]}`,
        /^json: must be at most 2 MB$/,
      ],
    ])(
      'refuses %s with BAD_REQUEST and a clear message, and imports nothing',
      async (_, json, message) => {
        const before = await listIds();
        const err = await rejection(api.workflows.import({ json }));
        expect(err.code).toBe('BAD_REQUEST');
        expect(err.message).toMatch(message);
        expect(await listIds()).toEqual(before);
      },
    );
  });

  describe('nodes.catalog', () => {
    it('describes every registered node type with its ports and JSON Schema props, defaults included', async () => {
      const catalog = await api.nodes.catalog();
      expect(catalog.map((c) => c.type).sort()).toEqual(Object.keys(nodeRegistry).sort());
      for (const entry of catalog) {
        expect(entry.propsSchema).toMatchObject({ type: 'object' });
        expect(entry.title).not.toBe('');
      }
      const threshold = catalog.find((c) => c.type === 'threshold-check')!;
      expect(threshold).toMatchObject({
        inputs: { in: 'any' },
        outputs: { above: 'any', below: 'any' },
        sideEffects: false,
      });
      expect(threshold.propsSchema.properties).toMatchObject({
        threshold: {
          type: 'number',
          default: 0,
          description: 'The value compared against.',
          widget: 'scrub',
          step: 0.01,
        },
        inclusive: { type: 'boolean', default: false },
      });
      const log = catalog.find((c) => c.type === 'log')!;
      expect(log.propsSchema.properties).toMatchObject({
        level: { enum: ['debug', 'info', 'warn', 'error'], default: 'info' },
        message: { type: 'string', maxLength: 500, default: '' },
      });
    });

    it('sends plain JSON: a side-effect flag that depends on props is "conditional"', async () => {
      const catalog = await api.nodes.catalog();
      expect(JSON.parse(JSON.stringify(catalog))).toEqual(catalog);
      const http = catalog.find((c) => c.type === 'http-request')!;
      expect(http.sideEffects).toBe('conditional');
      expect(catalog.find((c) => c.type === 'notify')!.sideEffects).toBe(true);
    });
  });
});
