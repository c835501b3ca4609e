// Bundles server/main.ts into dist/server.mjs for `npm start`: our code bundled, every npm
// package left external (resolved from node_modules at run time).
import { build } from 'esbuild';

await build({
  entryPoints: ['server/main.ts'],
  outfile: 'dist/server.mjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'info',
});
