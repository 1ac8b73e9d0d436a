import { readdirSync, readFileSync } from "node:fs";

/** USER_HZ: the unit of /proc/<pid>/stat's utime and stime, 100 on every mainstream Linux build. */
const TICKS_PER_SECOND = 100;

/**
 * CPU seconds (user + system) spent so far by a process and all its descendants still alive.
 * Linux only, like peakRssBytes(): sampled before and after a burst, the difference is the work
 * the server did for it.
 */
export function cpuSecondsOfTree(root: number): number {
  const stats = new Map<number, { parent: number; ticks: number }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Fields after the command name, which is in parentheses and may itself contain spaces.
      const fields = readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]!.split(" ");
      stats.set(Number(entry), { parent: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // The process ended while we looked.
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, stat] of stats) if (stat.parent === tree[i]) tree.push(pid);
  }
  return tree.reduce((sum, pid) => sum + (stats.get(pid)?.ticks ?? 0), 0) / TICKS_PER_SECOND;
}
