// Starts the production build (dist/server.mjs) for the browser tests on a database of its own:
// a fresh Postgres database when DATABASE_URL is set, else a fresh PGlite directory.
import { mkdtempSync, rmSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';

if (!existsSync('dist/server.mjs') || !existsSync('.next/BUILD_ID')) {
  console.error(
    'e2e: no production build found. Run `npm run build` first (npm run test:e2e does).',
  );
  process.exit(1);
}

const base = process.env.DATABASE_URL;
if (base) {
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  const stale = await admin`select datname from pg_database where datname like 'flowdeck_e2e_%'`;
  for (const { datname } of stale)
    await admin.unsafe(`drop database if exists "${datname}" with (force)`);
  const name = `flowdeck_e2e_${Date.now()}`;
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  console.log(`e2e: Postgres database ${name}`);
} else {
  for (const entry of readdirSync(tmpdir())) {
    if (entry.startsWith('flowdeck-e2e-'))
      rmSync(path.join(tmpdir(), entry), { recursive: true, force: true });
  }
  process.env.FLOWDECK_DATA_DIR = mkdtempSync(path.join(tmpdir(), 'flowdeck-e2e-'));
  console.log(`e2e: PGlite in ${process.env.FLOWDECK_DATA_DIR}`);
}

process.env.NODE_ENV = 'production';
await import('../dist/server.mjs');
