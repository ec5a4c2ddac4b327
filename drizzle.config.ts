import { defineConfig } from 'drizzle-kit';

// Migrations are generated from the schema, then reviewed and committed; never pushed.
// The foundation's tables live in the platform; each module declares its own in *.tables.ts.
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/platform/db/schema.ts', './src/modules/*/*.tables.ts'],
  out: './migrations',
});
