/**
 * `npm run bench [-- name ...]`: runs the benchmarks and prints their figures as JSON.
 * Names: foundation, moderation, editorial-checks, editorial-calendar (default: all found).
 * Benchmarks are never timed tests: targets are compared here and reported, not asserted.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

const HERE = import.meta.dirname;
const wanted = process.argv.slice(2);
const all = fs
  .readdirSync(HERE)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
  .map((f) => f.replace(/\.ts$/, ''));
const names = wanted.length ? wanted : all;
let failed = 0;
for (const name of names) {
  if (!all.includes(name)) {
    console.error(`unknown benchmark "${name}"; known: ${all.join(', ')}`);
    failed++;
    continue;
  }
  console.log(`\n=== ${name} ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(HERE, `${name}.ts`)], { stdio: 'inherit', env: process.env });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
