import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { databaseBackends } from '../../testing/databases';
import { callerFor } from '../../testing/caller';

describe.each(databaseBackends)('workflows on $name', ({ open }) => {
  let database: Database;
  beforeAll(async () => {
    database = await open();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('creates a workflow and lists it', async () => {
    const api = callerFor(database);
    const wf = await api.workflows.create({ name: 'Spread watcher' });
    const list = await api.workflows.list();
    expect(list.map((w) => w.name)).toContain('Spread watcher');
    expect(wf.version).toBe(1);
  });
});
