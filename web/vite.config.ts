import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// Root is web/, output web/dist, served by the API server at "/" (see src/platform/http/server.ts).
export default defineConfig({
  root: here('.'),
  base: '/',
  publicDir: false,
  plugins: [react()],
  resolve: {
    alias: {
      // design-react-kit's Autocomplete imports this CommonJS module; Vite 8's interop hands back
      // the namespace instead of the component, so unwrap `default` in a tiny shim.
      'accessible-autocomplete/react': here('src/shims/accessible-autocomplete-react.ts'),
    },
  },
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 900,
    sourcemap: false,
  },
});
