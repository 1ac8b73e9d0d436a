import { defineConfig } from "drizzle-kit";

/** `npm run db:generate` writes the next SQLite migration from schema.ts; the store applies them at start-up. */
export default defineConfig({
  dialect: "sqlite",
  schema: "./lib/server/store/sqlite/schema.ts",
  out: "./lib/server/store/sqlite/migrations",
});
