/**
 * Starts what the integration and end-to-end suites need: a throwaway PostgreSQL cluster when the
 * Debian server binaries are installed (or TEST_DATABASE_URL points at one), and checks Chromium.
 * Under CI=true a missing PostgreSQL or Chromium fails the run instead of skipping.
 */
import fs from 'node:fs';
import type { TestProject } from 'vitest/node';
import { pgBinDir, startCluster } from './pg-cluster.ts';
import { buildPgliteTemplate } from '../../src/platform/db/index.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string | null;
    chromium: string | null;
  }
}

const CI = process.env.CI === 'true' || process.env.CI === '1';

export default async function setup(project: TestProject) {
  await buildPgliteTemplate(); // fresh embedded databases load it instead of running initdb
  let url = process.env.TEST_DATABASE_URL ?? null;
  let stop: (() => void) | undefined;
  if (!url) {
    const bin = pgBinDir();
    if (bin) ({ url, stop } = await startCluster(bin));
  }
  if (!url && CI) throw new Error('CI: PostgreSQL is required for the integration suite (apt-get install postgresql, or set TEST_DATABASE_URL)');
  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p)) ?? null;
  if (!chromium && CI && project.name === 'e2e') throw new Error('CI: Chromium is required for the end-to-end suite (apt-get install chromium)');
  project.provide('pgUrl', url);
  project.provide('chromium', chromium);
  return () => stop?.();
}
