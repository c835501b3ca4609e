// Starts the production build (dist/server.mjs) for the browser tests on a database of its own:
// a fresh Postgres database when DATABASE_URL is set, else a fresh PGlite directory.
import { mkdtempSync, rmSync, readdirSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { tsImport } from 'tsx/esm/api';

if (!existsSync('dist/server.mjs') || !existsSync('.next/BUILD_ID')) {
  console.error(
    'e2e: no production build found. Run `npm run build` first (npm run test:e2e does).',
  );
  process.exit(1);
}

/** Older than this, an e2e database is a leftover of a run that died. */
const STALE_MS = 6 * 3600_000;
const base = process.env.DATABASE_URL;
if (base) {
  // The server's own reading of the URL (a Unix socket as `?host=/dir`, as libpq writes it).
  const { postgresTarget } = await tsImport('../server/db/postgres-url.ts', import.meta.url);
  const target = postgresTarget(base);
  const admin = postgres(target.clientUrl, { ...target.clientOptions, max: 1, onnotice: () => {} });
  // Databases left by earlier runs that died; a run still going (another checkout) is left alone.
  const stale = await admin`select datname from pg_database where datname like 'flowdeck_e2e_%'`;
  for (const { datname } of stale)
    if (Number(datname.slice('flowdeck_e2e_'.length)) < Date.now() - STALE_MS)
      await admin.unsafe(`drop database if exists "${datname}" with (force)`);
  const name = `flowdeck_e2e_${Date.now()}`;
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const { url } = target;
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  console.log(`e2e: Postgres database ${name}`);
} else {
  for (const entry of readdirSync(tmpdir())) {
    const dir = path.join(tmpdir(), entry);
    const stat = entry.startsWith('flowdeck-e2e-') && statSync(dir, { throwIfNoEntry: false });
    if (stat && stat.mtimeMs < Date.now() - STALE_MS) rmSync(dir, { recursive: true, force: true });
  }
  const own = mkdtempSync(path.join(tmpdir(), 'flowdeck-e2e-'));
  process.env.FLOWDECK_DATA_DIR = own;
  process.on('exit', () => rmSync(own, { recursive: true, force: true }));
  console.log(`e2e: PGlite in ${process.env.FLOWDECK_DATA_DIR}`);
}

process.env.NODE_ENV = 'production';
await import('../dist/server.mjs');
