#!/usr/bin/env node
// Builds the web front end (web/ → web/dist) with Vite. Runs at `npm ci` through the `prepare`
// script, so it skips quietly when there is nothing to do or the build tools are not installed
// (a production install without devDependencies), but fails loudly on a real build error.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'web');
const distIndex = path.join(web, 'dist', 'index.html');
const configFile = path.join(web, 'vite.config.ts');
const force = process.argv.includes('--force');

function log(msg) {
  console.log(`[build-web] ${msg}`);
}

/** Newest modification time among the sources of the build. */
function newestSource() {
  let newest = 0;
  const visit = (p) => {
    let st;
    try {
      st = fs.statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const entry of fs.readdirSync(p)) visit(path.join(p, entry));
    } else {
      newest = Math.max(newest, st.mtimeMs);
    }
  };
  visit(path.join(web, 'src'));
  visit(path.join(web, 'index.html'));
  visit(configFile);
  return newest;
}

if (!fs.existsSync(configFile) || !fs.existsSync(path.join(web, 'index.html'))) {
  log('no web/ front end here: nothing to build');
  process.exit(0);
}

if (!force && fs.existsSync(distIndex) && fs.statSync(distIndex).mtimeMs > newestSource()) {
  log('web/dist is up to date: skipping (use --force to rebuild)');
  process.exit(0);
}

let vite;
try {
  vite = await import('vite');
} catch (err) {
  // devDependencies absent (npm ci --omit=dev): the server runs without the web UI.
  log(`vite is not installed (${err && err.code ? err.code : 'import failed'}): skipping the web build`);
  process.exit(0);
}

const started = Date.now();
try {
  await vite.build({ configFile, logLevel: process.env.CI ? 'warn' : 'info' });
} catch (err) {
  console.error('[build-web] the web build FAILED:');
  console.error(err);
  process.exit(1);
}
log(`built web/dist in ${((Date.now() - started) / 1000).toFixed(1)} s`);
