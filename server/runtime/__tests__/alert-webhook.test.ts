import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { logger } from '../../logger';
import { databaseBackends } from '../../testing/databases';
import { startTestRuntime, type TestRuntime } from '../../testing/runtime';
import { alertWebhookFromEnv, createAlertWebhook, type AlertPayload } from '../alert-webhook';

/** A receiver that answers the queued statuses in turn (200 once they run out). */
function receiver() {
  const received: AlertPayload[] = [];
  const statuses: number[] = [];
  let attempts = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      attempts++;
      const status = statuses.shift() ?? 200;
      if (status === 200) received.push(JSON.parse(body) as AlertPayload);
      res.writeHead(status).end();
    });
  });
  return {
    received,
    statuses,
    attempts: () => attempts,
    reset() {
      received.length = 0;
      statuses.length = 0;
      attempts = 0;
    },
    url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    listen: () => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function waitFor(check: () => boolean, ms = 5_000) {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const hook = receiver();
beforeAll(() => hook.listen());
beforeEach(() => hook.reset());
afterAll(() => hook.close());

describe('the alert webhook', () => {
  const fast = { log: logger, backoffMs: 10, maxBackoffMs: 20 };
  const state = {
    level: 'HALT' as const,
    reason: 'venue down',
    setBy: 'ops',
    source: 'ui' as const,
    rule: null,
    setAt: new Date('2026-11-23T10:00:00Z'),
    version: 7,
  };

  it('retries a failing receiver until it takes the change', async () => {
    hook.statuses.push(503, 502);
    const delivered = await createAlertWebhook({ url: hook.url(), ...fast }).notify(
      state,
      'NORMAL',
    );
    expect(delivered).toBe(true);
    expect(hook.attempts()).toBe(3);
    expect(hook.received).toEqual([
      expect.objectContaining({
        event: 'emergency_level_changed',
        level: 'HALT',
        previousLevel: 'NORMAL',
        reason: 'venue down',
        by: 'ops',
        source: 'ui',
        at: '2026-11-23T10:00:00.000Z',
        id: 7,
      }),
    ]);
  });

  it('gives up after its attempts, and at once on a 4xx that is not 429', async () => {
    hook.statuses.push(500, 500, 500);
    const webhook = createAlertWebhook({ url: hook.url(), attempts: 3, ...fast });
    expect(await webhook.notify(state, 'NORMAL')).toBe(false);
    expect(hook.attempts()).toBe(3);

    hook.reset();
    hook.statuses.push(404);
    expect(await webhook.notify(state, 'NORMAL')).toBe(false);
    expect(hook.attempts()).toBe(1);
  });

  it('refuses an ALERT_WEBHOOK_URL that is not an http(s) URL, naming it', () => {
    expect(() => alertWebhookFromEnv(logger, { ALERT_WEBHOOK_URL: 'ftp://x' })).toThrow(
      /ALERT_WEBHOOK_URL: "ftp:\/\/x" is not an http\(s\) URL/,
    );
    expect(alertWebhookFromEnv(logger, {})).toBeNull();
  });
});

describe.each(databaseBackends)('emergency changes are announced on $name', ({ open }) => {
  let database: Database;
  let t: TestRuntime;

  beforeAll(async () => {
    database = await open();
    t = await startTestRuntime(database, {
      alerts: createAlertWebhook({ url: hook.url(), log: logger, backoffMs: 10 }),
    });
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  it('POSTs each level change with who, why and the level it replaced, retrying a failure', async () => {
    hook.statuses.push(503);
    const halted = await t.api.emergency.set({ level: 'HALT', reason: 'spread blew out' });
    // The change is in force before the announcement is delivered.
    expect(t.runtime.emergency.level()).toBe('HALT');
    await t.api.emergency.set({ level: 'NORMAL', reason: 'calm again' });
    await waitFor(() => hook.received.length === 2);
    // In the order of the changes, though the first needed a retry: relays show the last one.
    const [first, second] = hook.received;
    expect(first).toMatchObject({
      level: 'HALT',
      previousLevel: 'NORMAL',
      reason: 'spread blew out',
      by: 'tester',
      source: 'api',
      id: halted.version,
    });
    expect(second).toMatchObject({ level: 'NORMAL', previousLevel: 'HALT', reason: 'calm again' });
    expect(hook.attempts()).toBe(3);
  });
});

describe('npm run emergency with ALERT_WEBHOOK_URL', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'flowdeck-alert-cli-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('announces the change it made', async () => {
    await promisify(execFile)(
      'npx',
      [
        'tsx',
        'scripts/emergency.ts',
        'alert',
        '--reason',
        'maintenance at 22:00',
        '--actor',
        'ops',
      ],
      {
        env: {
          ...process.env,
          FLOWDECK_DATA_DIR: dir,
          DATABASE_URL: '',
          REDIS_URL: '',
          LOG_LEVEL: 'silent',
          ALERT_WEBHOOK_URL: hook.url(),
        },
      },
    );
    expect(hook.received).toEqual([
      expect.objectContaining({
        level: 'ALERT',
        previousLevel: 'NORMAL',
        reason: 'maintenance at 22:00',
        by: 'ops',
        source: 'cli',
      }),
    ]);
  });
});
