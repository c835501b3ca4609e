/**
 * Test databases for contract tests: every suite that touches storage runs once per backend
 * through `describe.each(databaseBackends)`. PGlite (in memory) always; real Postgres too when
 * `DATABASE_URL` is set, each suite in a fresh database of its own that is dropped afterwards.
 */
import { customAlphabet } from 'nanoid';
import postgres from 'postgres';
import { openDatabase, type Database } from '../db/client';
import { postgresTarget } from '../db/postgres-url';

const suffix = customAlphabet('abcdefghijklmnopqrstuvwxyz0123456789', 12);

export type DatabaseBackend = { name: 'pglite' | 'postgres'; open(): Promise<Database> };

/** Creates an empty database on the server of `baseUrl`; returns its URL and how to drop it. */
export async function createScratchPostgres(
  baseUrl: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `flowdeck_test_${suffix()}`;
  const target = postgresTarget(baseUrl);
  const connect = () =>
    postgres(target.clientUrl, { ...target.clientOptions, max: 1, onnotice: () => {} });
  const admin = connect();
  try {
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = new URL(target.url);
  url.pathname = `/${name}`;
  const drop = async () => {
    const dropper = connect();
    try {
      await dropper.unsafe(`drop database if exists "${name}" with (force)`);
    } finally {
      await dropper.end({ timeout: 5 });
    }
  };
  return { url: url.toString(), drop };
}

async function openFreshPostgres(baseUrl: string): Promise<Database> {
  const { url, drop } = await createScratchPostgres(baseUrl);
  let database: Database;
  try {
    database = await openDatabase({ url });
  } catch (err) {
    // A failed migration would otherwise leave the fresh database behind on the server.
    await drop().catch(() => {});
    throw err;
  }
  return {
    ...database,
    async close() {
      try {
        await database.close();
      } finally {
        await drop();
      }
    },
  };
}

export const databaseBackends: DatabaseBackend[] = [
  { name: 'pglite', open: () => openDatabase({ dataDir: 'memory://' }) },
  ...(process.env.DATABASE_URL
    ? [{ name: 'postgres' as const, open: () => openFreshPostgres(process.env.DATABASE_URL!) }]
    : []),
];
