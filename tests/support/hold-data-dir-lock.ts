import { lockDataDir } from "@/lib/server/data-dir-lock";

/** A second studio process for the lock tests: claims the data dir given, says so, and stays alive. */
lockDataDir(process.argv[2]!);
process.stdout.write("locked\n");
setInterval(() => undefined, 60_000);
