/**
 * `npm run bench` runs every bench/*.bench.ts; `npm run bench -- <name>` runs bench/<name>.bench.ts.
 * Each benchmark prints a table and, per figure, one JSON line: {"bench":…,"value":…,"unit":…}.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const all = (await readdir(dir))
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''));
const names = wanted.length > 0 ? wanted : all;
for (const name of names) {
  if (!all.includes(name)) {
    console.error(`no benchmark "${name}"; there are: ${all.join(', ')}`);
    process.exit(1);
  }
  console.log(`\n# ${name}`);
  const mod = (await import(pathToFileURL(path.join(dir, `${name}.bench.ts`)).href)) as {
    run(): Promise<void>;
  };
  await mod.run();
}
