// `npm run bench` runs every bench/*.bench.ts; `npm run bench -- <name>` runs bench/<name>.bench.ts.
// Each benchmark prints a table and, per figure, one JSON line: {"bench":…,"value":…,"unit":…}.
//
// A benchmark measures the code as production runs it: bundled by esbuild the way
// scripts/build-server.mjs bundles the server (npm packages external), then run by plain Node
// as `npm start` runs it, one child process per benchmark. Under tsx the same code runs
// measurably slower: tsx keeps function names by wrapping each function it makes in a helper.
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const dir = path.dirname(fileURLToPath(import.meta.url));
const all = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''));
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !all.includes(name));
if (unknown.length > 0) {
  console.error(`no benchmark "${unknown.join('", "')}"; there are: ${all.join(', ')}`);
  process.exit(1);
}

let failed = 0;
for (const name of wanted.length > 0 ? wanted : all) {
  console.log(`\n# ${name}`);
  // Next to its source, so that paths it makes from import.meta.url stay right.
  const outfile = path.join(dir, `${name}.bench.build.mjs`);
  const runner = path.join(dir, `${name}.bench.run.mjs`);
  try {
    await build({
      entryPoints: [path.join(dir, `${name}.bench.ts`)],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      packages: 'external',
      logLevel: 'warning',
    });
    // A runner file rather than `--input-type=module --eval`: worker threads and forked
    // processes inherit the flags, and Node refuses --input-type for a file entry point.
    writeFileSync(
      runner,
      `const m = await import(${JSON.stringify(pathToFileURL(outfile).href)});\nawait m.run();\n`,
    );
    const result = spawnSync(process.execPath, [runner], { stdio: 'inherit' });
    if (result.status !== 0) {
      console.error(`benchmark "${name}" failed (exit ${result.status ?? result.signal})`);
      failed++;
    }
  } finally {
    rmSync(outfile, { force: true });
    rmSync(runner, { force: true });
  }
}
process.exit(failed > 0 ? 1 : 0);
