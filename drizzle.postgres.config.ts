import { defineConfig } from "drizzle-kit";

/** `npm run db:generate:postgres` writes the next PostgreSQL migration from its schema.ts; the store applies them at start-up. */
export default defineConfig({
  dialect: "postgresql",
  schema: "./lib/server/store/postgres/schema.ts",
  out: "./lib/server/store/postgres/migrations",
});
