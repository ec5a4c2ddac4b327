/** Builds the embedded database template for the current migrations (run by `prepare` and tests). */
import { buildPgliteTemplate } from '../src/platform/db/index.ts';

const t0 = performance.now();
const file = await buildPgliteTemplate();
process.stdout.write(`database template: ${file} (${Math.round(performance.now() - t0)} ms)\n`);
