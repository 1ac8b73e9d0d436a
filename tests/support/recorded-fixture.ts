import { readFile } from "node:fs/promises";
import type { Store } from "@/lib/server/store";

/** See tests/fixtures/README.md: a data dir written by an earlier main, and what that main read from it. */
export const FIXTURE = "tests/fixtures/data-aad8af3";

export interface Expected {
  visitorId: string;
  focus: string;
  gallery: ({ kind: "upload"; id: string; sha256: string } | { kind: "generation"; id: string; status: string; outputs: string[] })[];
  family: { images: string[]; generations: { id: string; inputs: string[] }[]; truncated: boolean };
  chain: { generation: string; outputIndex: number }[];
}

/** What the earlier main recorded, read the same way from a store opened today. */
export async function readAsRecorded(store: Store, expected: Expected): Promise<Omit<Expected, "visitorId" | "focus">> {
  const { visitorId, focus } = expected;
  const gallery = await store.gallery.list(visitorId, { limit: 100 });
  const family = await store.lineage.family(visitorId, focus);
  const chain = await store.lineage.chain(visitorId, focus, 10);
  return {
    gallery: gallery.items.map((item) =>
      item.kind === "upload"
        ? { kind: "upload", id: item.image.id, sha256: item.image.sha256 }
        : { kind: "generation", id: item.generation.id, status: item.generation.status, outputs: item.outputs.map((o) => o.id) },
    ),
    family: {
      images: family?.images.map((image) => image.id) ?? [],
      generations: family?.generations.map((generation) => ({ id: generation.id, inputs: generation.inputImageIds })) ?? [],
      truncated: family?.truncated ?? true,
    },
    chain: chain?.map((link) => ({ generation: link.generation.id, outputIndex: link.outputIndex })) ?? [],
  };
}

export async function expectedOfFixture(): Promise<Expected> {
  return JSON.parse(await readFile(`${FIXTURE}.expected.json`, "utf8")) as Expected;
}
