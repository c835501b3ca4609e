// `npm test`: every check, in order, stopping at the first failure: typecheck, lint, the Vitest
// suite (PGlite always; Postgres too when DATABASE_URL is set), a production build, and the
// Playwright journeys against it. Ends with one line: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';

process.env.NEXT_TELEMETRY_DISABLED = '1';
mkdirSync('.test-reports', { recursive: true });
const vitestJson = '.test-reports/vitest.json';
const playwrightJson = '.test-reports/playwright.json';
rmSync(vitestJson, { force: true });
rmSync(playwrightJson, { force: true });

const steps = [
  ['typecheck', 'npx', ['tsc', '--noEmit']],
  ['lint', 'npx', ['eslint', '--max-warnings=0', '.']],
  [
    'unit and integration tests',
    'npx',
    ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`],
  ],
  ['production build', 'npm', ['run', 'build']],
  [
    'end-to-end tests',
    'npx',
    ['playwright', 'test', '--reporter=list,json'],
    { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson },
  ],
];

function counts() {
  let passed = 0;
  let failed = 0;
  try {
    const v = JSON.parse(readFileSync(vitestJson, 'utf8'));
    passed += v.numPassedTests;
    failed += v.numFailedTests;
  } catch {}
  try {
    const p = JSON.parse(readFileSync(playwrightJson, 'utf8'));
    passed += p.stats.expected + p.stats.flaky;
    failed += p.stats.unexpected;
  } catch {}
  return { passed, failed };
}

let status = 0;
for (const [name, cmd, args, env] of steps) {
  const started = Date.now();
  console.log(`\n▶ ${name}: ${cmd} ${args.join(' ')}`);
  const result = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`✘ ${name} failed after ${seconds} s`);
    status = result.status ?? 1;
    break;
  }
  console.log(`✔ ${name} (${seconds} s)`);
}

const { passed, failed } = counts();
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(status || (failed > 0 ? 1 : 0));
