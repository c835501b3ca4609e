/**
 * Workflow storage: the latest definition in `workflows`, every saved version in
 * `workflow_versions`. Every write is one transaction, so a failed validation or a conflict
 * leaves nothing half-written. Validation against the node catalog happens before any write.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { nanoid } from 'nanoid';
import {
  canonicalWorkflow,
  parseWorkflowJson,
  serializeWorkflow,
  validateWorkflow,
  exportFileName,
  type NodeTypeCatalog,
  type Workflow,
  type WorkflowInput,
} from '@/lib/workflow';
import { notFound, UserError } from '../runtime/errors';
import type { Db } from './client';
import { workflows, workflowVersions } from './schema';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type VersionReason =
  'create' | 'save' | 'rename' | 'restore' | 'import' | 'duplicate' | 'template';

export const newWorkflowId = () => `wf_${nanoid(12)}`;

function validOrThrow(value: unknown, catalog: NodeTypeCatalog): Workflow {
  const result = validateWorkflow(value, catalog);
  if (!result.ok) {
    throw new UserError('BAD_REQUEST', `Invalid workflow:\n${result.message}`, {
      issues: result.issues,
    });
  }
  return canonicalWorkflow(result.workflow);
}

const summaryColumns = {
  id: workflows.id,
  name: workflows.name,
  description: workflows.description,
  version: workflows.version,
  isActive: workflows.isActive,
  createdAt: workflows.createdAt,
  updatedAt: workflows.updatedAt,
  nodeCount: sql<number>`jsonb_array_length(${workflows.definition} -> 'nodes')`.mapWith(Number),
};

export async function listWorkflows(db: Db) {
  return db.select(summaryColumns).from(workflows).orderBy(desc(workflows.updatedAt), workflows.id);
}

export type WorkflowSummary = Awaited<ReturnType<typeof listWorkflows>>[number];

/** The latest version, or the given one. */
export async function getWorkflow(db: Db, id: string, version?: number) {
  const [row] = await db.select().from(workflows).where(eq(workflows.id, id));
  if (!row) throw notFound('Workflow', id);
  const meta = {
    isActive: row.isActive,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    latestVersion: row.version,
  };
  if (version === undefined || version === row.version)
    return { workflow: row.definition, ...meta };
  const [old] = await db
    .select()
    .from(workflowVersions)
    .where(and(eq(workflowVersions.workflowId, id), eq(workflowVersions.version, version)));
  if (!old) throw notFound('Version', `${id}@${version}`);
  return { workflow: old.definition, ...meta };
}

/**
 * Inserts a new workflow and its first version row. With `ifFree`, a taken id inserts nothing
 * and returns false (ON CONFLICT: a concurrent insert of the same id waits, then yields).
 */
async function insertNew(
  tx: Tx,
  wf: Workflow,
  reason: VersionReason,
  options: { ifFree?: boolean } = {},
) {
  const now = new Date();
  const insert = tx.insert(workflows).values({
    id: wf.id,
    name: wf.name,
    description: wf.description,
    version: wf.version,
    definition: wf,
    createdAt: now,
    updatedAt: now,
  });
  const inserted = options.ifFree
    ? await insert.onConflictDoNothing({ target: workflows.id }).returning({ id: workflows.id })
    : await insert.returning({ id: workflows.id });
  if (inserted.length === 0) return false;
  await tx
    .insert(workflowVersions)
    .values({ workflowId: wf.id, version: wf.version, definition: wf, reason, createdAt: now });
  return true;
}

export async function createWorkflow(
  db: Db,
  input: { name: string; description?: string },
  catalog: NodeTypeCatalog,
) {
  const wf = validOrThrow(
    { id: newWorkflowId(), name: input.name, description: input.description ?? '', version: 1 },
    catalog,
  );
  await db.transaction((tx) => insertNew(tx, wf, 'create'));
  return wf;
}

/**
 * Writes `next` as the version after `baseVersion`, atomically: the row is updated only while its
 * version is still `baseVersion`, so two concurrent saves cannot both win.
 */
async function writeVersion(
  tx: Tx,
  next: Workflow,
  baseVersion: number,
  reason: VersionReason,
  restoredFrom?: number,
) {
  const now = new Date();
  const version = baseVersion + 1;
  const definition = { ...next, version };
  const updated = await tx
    .update(workflows)
    .set({
      name: definition.name,
      description: definition.description,
      version,
      definition,
      updatedAt: now,
    })
    .where(and(eq(workflows.id, next.id), eq(workflows.version, baseVersion)))
    .returning({ version: workflows.version });
  if (updated.length === 0) {
    const [current] = await tx
      .select({ version: workflows.version })
      .from(workflows)
      .where(eq(workflows.id, next.id));
    if (!current) throw notFound('Workflow', next.id);
    throw new UserError(
      'CONFLICT',
      `This workflow was saved elsewhere: you loaded version ${baseVersion}, but the latest is version ${current.version}. ` +
        `Reload it, or save again as a new version on top of version ${current.version}.`,
    );
  }
  await tx
    .insert(workflowVersions)
    .values({ workflowId: next.id, version, definition, reason, restoredFrom, createdAt: now });
  return { workflow: definition, updatedAt: now };
}

async function latestVersion(tx: Tx, id: string): Promise<Workflow> {
  const [row] = await tx
    .select({ definition: workflows.definition })
    .from(workflows)
    .where(eq(workflows.id, id))
    .for('update');
  if (!row) throw notFound('Workflow', id);
  return row.definition;
}

/**
 * Saves the workflow as a new version. Its `version` must be the one the editor loaded; a newer
 * stored version means someone saved in between, and the save is refused (CONFLICT) unless
 * `overwrite` is set, which stores it as a new version on top of the latest.
 */
export async function saveWorkflow(
  db: Db,
  value: unknown,
  catalog: NodeTypeCatalog,
  options: { overwrite?: boolean } = {},
) {
  const wf = validOrThrow(value, catalog);
  return db.transaction(async (tx) => {
    const base = options.overwrite ? (await latestVersion(tx, wf.id)).version : wf.version;
    return writeVersion(tx, wf, base, 'save');
  });
}

export async function renameWorkflow(db: Db, id: string, name: string, catalog: NodeTypeCatalog) {
  return db.transaction(async (tx) => {
    const current = await latestVersion(tx, id);
    const next = validOrThrow({ ...current, name }, catalog);
    return writeVersion(tx, next, current.version, 'rename');
  });
}

export async function restoreWorkflow(db: Db, id: string, version: number) {
  return db.transaction(async (tx) => {
    const current = await latestVersion(tx, id);
    const [old] = await tx
      .select({ definition: workflowVersions.definition })
      .from(workflowVersions)
      .where(and(eq(workflowVersions.workflowId, id), eq(workflowVersions.version, version)));
    if (!old) throw notFound('Version', `${id}@${version}`);
    return writeVersion(tx, { ...old.definition, id }, current.version, 'restore', version);
  });
}

export async function deleteWorkflow(db: Db, id: string) {
  const deleted = await db
    .delete(workflows)
    .where(eq(workflows.id, id))
    .returning({ id: workflows.id });
  if (deleted.length === 0) throw notFound('Workflow', id);
}

/** `Name (copy)`, within the 200-character limit: the name is shortened, never the suffix. */
function copyNameOf(name: string): string {
  const suffix = ' (copy)';
  // Cut on a character boundary: half an emoji is text Postgres cannot store.
  const base = name.slice(0, 200 - suffix.length).replace(/[\ud800-\udbff]$/, '');
  return `${base.trimEnd()}${suffix}`;
}

export async function duplicateWorkflow(
  db: Db,
  id: string,
  catalog: NodeTypeCatalog,
  name?: string,
) {
  const [row] = await db
    .select({ definition: workflows.definition })
    .from(workflows)
    .where(eq(workflows.id, id));
  if (!row) throw notFound('Workflow', id);
  const copyName = name ?? copyNameOf(row.definition.name);
  const wf = validOrThrow(
    { ...row.definition, id: newWorkflowId(), name: copyName, version: 1 },
    catalog,
  );
  await db.transaction((tx) => insertNew(tx, wf, 'duplicate'));
  return wf;
}

/**
 * Creates a workflow from a definition without an id (a template) under a new id, at version 1.
 * `insertWorkflowFrom` does it inside a caller's transaction (seeding writes its marker in it).
 */
export async function insertWorkflowFrom(
  tx: Tx,
  definition: Omit<WorkflowInput, 'id' | 'version'>,
  catalog: NodeTypeCatalog,
  reason: VersionReason = 'template',
) {
  const wf = validOrThrow({ ...definition, id: newWorkflowId(), version: 1 }, catalog);
  await insertNew(tx, wf, reason);
  return wf;
}

export function createWorkflowFrom(
  db: Db,
  definition: Omit<WorkflowInput, 'id' | 'version'>,
  catalog: NodeTypeCatalog,
) {
  return db.transaction((tx) => insertWorkflowFrom(tx, definition, catalog));
}

export async function listVersions(db: Db, id: string) {
  const [row] = await db.select({ id: workflows.id }).from(workflows).where(eq(workflows.id, id));
  if (!row) throw notFound('Workflow', id);
  return db
    .select({
      version: workflowVersions.version,
      reason: workflowVersions.reason,
      restoredFrom: workflowVersions.restoredFrom,
      createdAt: workflowVersions.createdAt,
      name: sql<string>`${workflowVersions.definition} ->> 'name'`,
      nodeCount: sql<number>`jsonb_array_length(${workflowVersions.definition} -> 'nodes')`.mapWith(
        Number,
      ),
    })
    .from(workflowVersions)
    .where(eq(workflowVersions.workflowId, id))
    .orderBy(desc(workflowVersions.version))
    .limit(500);
}

/**
 * Imports workflow JSON text. The workflow keeps its id and version when the id is free, so
 * export → import → export is byte-identical; when the id is taken it is imported as a copy
 * under a new id, at version 1. Nothing is stored unless the whole file is valid.
 */
export async function importWorkflow(db: Db, text: string, catalog: NodeTypeCatalog) {
  const parsed = parseWorkflowJson(text, catalog);
  if (!parsed.ok) {
    throw new UserError('BAD_REQUEST', `Cannot import this file:\n${parsed.message}`, {
      issues: parsed.issues,
    });
  }
  const incoming = canonicalWorkflow(parsed.workflow);
  return db.transaction(async (tx) => {
    // Checked by the insert itself, not by a select before it: two imports of one file at once
    // would both see the id free, and the second would fail on the primary key.
    if (await insertNew(tx, incoming, 'import', { ifFree: true }))
      return { workflow: incoming, isCopy: false };
    const copy = { ...incoming, id: newWorkflowId(), version: 1 };
    await insertNew(tx, copy, 'import');
    return { workflow: copy, isCopy: true };
  });
}

export async function exportWorkflow(db: Db, id: string, version?: number) {
  const { workflow } = await getWorkflow(db, id, version);
  return { fileName: exportFileName(workflow), json: serializeWorkflow(workflow) };
}
