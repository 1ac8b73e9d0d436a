// Opens (and so migrates) the store in the data dir given as the first argument, in its own process.
import { openStore } from "@/lib/server/store";

async function main(dataDir: string | undefined) {
  if (!dataDir) throw new Error("Pass a data dir.");
  const store = await openStore({ dataDir });
  await store.close();
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
