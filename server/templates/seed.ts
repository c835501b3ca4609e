/**
 * First start: an empty database gets the templates as (inactive) workflows, so a newcomer sees
 * a working bot at once. Only ever once per database: a `meta` row remembers it, so deleting the
 * workflows does not bring them back, and a database that already has workflows is left alone.
 */
import { count } from 'drizzle-orm';
import type { NodeTypeCatalog } from '@/lib/workflow';
import type { Db } from '../db/client';
import { meta, workflows } from '../db/schema';
import { insertWorkflowFrom } from '../db/workflows';
import { templates } from './index';

export const SEEDED_KEY = 'templates_seeded';

/** Returns the ids of the workflows it created (none when seeding already happened or is off). */
export async function seedTemplates(
  db: Db,
  catalog: NodeTypeCatalog,
  env: Record<string, string | undefined> = process.env,
): Promise<string[]> {
  if (env.FLOWDECK_SEED_TEMPLATES === '0') return [];
  return db.transaction(async (tx) => {
    // The marker row decides: of two processes starting at once, one inserts it and seeds.
    const [claimed] = await tx
      .insert(meta)
      .values({ key: SEEDED_KEY, value: { at: new Date().toISOString() } })
      .onConflictDoNothing()
      .returning({ key: meta.key });
    if (!claimed) return [];
    const [existing] = await tx.select({ n: count() }).from(workflows);
    if ((existing?.n ?? 0) > 0) return [];
    const ids: string[] = [];
    // Newest first on the home page: seed in reverse, so the first template is listed on top.
    for (const t of [...templates].reverse()) {
      const wf = await insertWorkflowFrom(
        tx,
        { ...t.workflow, name: t.name, description: t.description },
        catalog,
      );
      ids.unshift(wf.id);
    }
    return ids;
  });
}
