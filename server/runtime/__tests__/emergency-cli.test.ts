import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client';
import { readEmergencyState } from '../emergency';

const run = promisify(execFile);

/** `npm run emergency` on its own PGlite data directory (DATABASE_URL and REDIS_URL unset). */
describe('npm run emergency', () => {
  let dir: string;
  const cli = (...args: string[]) =>
    run('npx', ['tsx', 'scripts/emergency.ts', ...args], {
      env: {
        ...process.env,
        FLOWDECK_DATA_DIR: dir,
        DATABASE_URL: '',
        REDIS_URL: '',
        LOG_LEVEL: 'silent',
      },
    }).then(
      (r) => ({ code: 0, out: r.stdout, err: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({
        code: e.code,
        out: e.stdout,
        err: e.stderr,
      }),
    );

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'flowdeck-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('sets the level with a reason, audited as cli, and refuses without one', async () => {
    const missing = await cli('halt');
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/--reason is required/);

    const set = await cli('halt', '--reason', 'venue down', '--actor', 'ops');
    expect(set.code).toBe(0);
    expect(set.out).toMatch(/level: +HALT/);
    expect(set.out).toMatch(/set by: ops \(cli\)/);

    const database = await openDatabase({ dataDir: path.join(dir, 'pglite') });
    try {
      expect(await readEmergencyState(database.db)).toMatchObject({
        level: 'HALT',
        reason: 'venue down',
        source: 'cli',
      });
      // While a process (the server) has the data directory open, the tool says what to do.
      const locked = await cli('normal', '--reason', 'fixed');
      expect(locked.code).toBe(2);
      expect(locked.err).toMatch(/only one\s+process may open it/);
      expect(locked.err).toMatch(/emergency\.set/);
    } finally {
      await database.close();
    }
  }, 60_000);
});
