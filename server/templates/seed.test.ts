import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../db/client';
import { meta, workflows } from '../db/schema';
import { createWorkflow, deleteWorkflow } from '../db/workflows';
import { nodeCatalog } from '../nodes/registry';
import { databaseBackends } from '../testing/databases';
import { SEEDED_KEY, seedTemplates } from './seed';
import { templates } from './index';

// Each test opens a fresh database (migrations included): allow for a loaded machine.
const FRESH_DB_MS = 90_000;

describe.each(databaseBackends)('seeding templates on $name', ({ open }) => {
  let database: Database | undefined;
  afterEach(async () => {
    await database?.close();
    database = undefined;
  });

  it(
    'creates the templates as inactive workflows on a first start, only once: deleted ones stay deleted',
    async () => {
      database = await open();
      const { db } = database;
      const ids = await seedTemplates(db, nodeCatalog, {});
      expect(ids).toHaveLength(templates.length);
      const rows = await db.select().from(workflows);
      expect(rows.map((r) => r.name).sort()).toEqual(templates.map((t) => t.name).sort());
      expect(rows.every((r) => !r.isActive)).toBe(true);
      // A restart does not add them again…
      expect(await seedTemplates(db, nodeCatalog, {})).toEqual([]);
      // …nor after the user deleted them.
      for (const id of ids) await deleteWorkflow(db, id);
      expect(await seedTemplates(db, nodeCatalog, {})).toEqual([]);
      expect(await db.select().from(workflows)).toEqual([]);
    },
    FRESH_DB_MS,
  );

  it(
    'leaves a database that already has workflows alone, and is off with FLOWDECK_SEED_TEMPLATES=0',
    async () => {
      database = await open();
      const { db } = database;
      expect(await seedTemplates(db, nodeCatalog, { FLOWDECK_SEED_TEMPLATES: '0' })).toEqual([]);
      expect(await db.select().from(meta)).toEqual([]);
      await createWorkflow(db, { name: 'Mine' }, nodeCatalog);
      expect(await seedTemplates(db, nodeCatalog, {})).toEqual([]);
      expect((await db.select().from(workflows)).map((r) => r.name)).toEqual(['Mine']);
      expect((await db.select().from(meta)).map((r) => r.key)).toEqual([SEEDED_KEY]);
    },
    FRESH_DB_MS,
  );
});
