// Completes package-lock.json for platforms the registry mirror here does not serve.
//
// Why: the registry this project is built against serves only the Linux builds of packages that
// ship one native binary per platform (@next/swc-*, @tailwindcss/oxide-*, …). npm then writes a
// lock without the other platforms' optional packages, and `npm ci` refuses such a lock as
// "out of sync". This script adds each missing optional package as a lock entry that carries its
// platform (os/cpu), so `npm ci` on Linux skips it without fetching it, and npm on macOS or
// Windows resolves it from its own registry. Run it after every `npm install` that changes the lock.
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;

const osNames = [
  'android',
  'darwin',
  'freebsd',
  'linux',
  'openharmony',
  'win32',
  'netbsd',
  'openbsd',
  'sunos',
  'aix',
];
const cpuNames = [
  'arm64',
  'x64',
  'ia32',
  'arm',
  'loong64',
  'ppc64',
  's390x',
  'riscv64',
  'wasm32',
  'mips64el',
];

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = parts.find((p) => osNames.includes(p));
  const cpu =
    parts.find((p) => cpuNames.includes(p)) ??
    (parts.includes('gnueabihf') || parts.includes('musleabihf') || parts.includes('eabi')
      ? 'arm'
      : undefined);
  const libc = parts.find(
    (p) => p === 'gnu' || p === 'musl' || p.startsWith('gnu') || p.startsWith('musl'),
  );
  return {
    ...(os && { os: [os] }),
    ...(cpu && { cpu: [cpu] }),
    ...(os === 'linux' && libc && { libc: [libc.startsWith('musl') ? 'musl' : 'glibc'] }),
  };
}

let added = 0;
for (const [path, entry] of Object.entries(packages)) {
  for (const [dep, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const base = path ? `${path}/node_modules/${dep}` : `node_modules/${dep}`;
    if (packages[base] || packages[`node_modules/${dep}`]) continue;
    const platform = platformOf(dep);
    if (!platform.os && !platform.cpu) continue;
    packages[`node_modules/${dep}`] = {
      version: range.replace(/^[\^~=]/, ''),
      ...(entry.dev && { dev: true }),
      optional: true,
      ...platform,
    };
    added++;
  }
}

const sorted = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) =>
    a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0,
  ),
);
lock.packages = sorted;
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lock: added ${added} platform-specific optional package(s)`);
