import { defineConfig } from 'drizzle-kit';

// Migrations are generated from the schema, then reviewed and committed; never pushed.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/platform/db/schema.ts',
  out: './migrations',
});
