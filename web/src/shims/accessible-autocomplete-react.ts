// See vite.config.ts: unwraps the CommonJS default export of accessible-autocomplete's React build.
import * as mod from 'accessible-autocomplete/dist/lib/accessible-autocomplete.react.min.js';

const m = mod as unknown as { default?: { default?: unknown } };
export default (m.default && typeof m.default === 'object' && 'default' in m.default ? m.default.default : m.default) as unknown;
