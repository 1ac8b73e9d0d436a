import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findViolations } from "./boundaries/rules";

const ROOT = join(import.meta.dirname, "..");

describe("the browser/server line", () => {
  it("holds in the studio's own tree", () => {
    expect(findViolations(ROOT)).toEqual([]);
  });

  describe("catches a deliberate violation", () => {
    const dirs: string[] = [];
    afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

    async function tree(files: Record<string, string>): Promise<string> {
      const root = await mkdtemp(join(tmpdir(), "studio-boundaries-"));
      dirs.push(root);
      for (const [path, text] of Object.entries(files)) {
        await mkdir(dirname(join(root, path)), { recursive: true });
        await writeFile(join(root, path), text);
      }
      return root;
    }

    const serverModule = 'import "server-only";\nimport { readFile } from "node:fs/promises";\nexport const read = readFile;\n';

    it("a client component that reaches a server module through a shared one", async () => {
      const root = await tree({
        "lib/server/secret.ts": serverModule,
        "lib/shared/helper.ts": 'import { read } from "@/lib/server/secret";\nexport const helper = read;\n',
        "components/widget.tsx": '"use client";\nimport { helper } from "@/lib/shared/helper";\nexport const Widget = () => String(helper);\n',
      });
      expect(findViolations(root)).toEqual(
        expect.arrayContaining([
          "lib/shared/helper.ts imports lib/server/secret.ts: browser-safe code may not reach the server",
          "client code reaches the server: components/widget.tsx → lib/shared/helper.ts → lib/server/secret.ts",
        ]),
      );
    });

    it("a server module without server-only, lib importing React, and lib importing upward", async () => {
      const root = await tree({
        "lib/server/loose.ts": 'import { readFile } from "node:fs/promises";\nexport const read = readFile;\n',
        "lib/shared/hook.ts": 'import { useState } from "react";\nimport { X } from "@/components/x";\nexport const h = [useState, X];\n',
        "components/x.tsx": "export const X = 1;\n",
      });
      expect(findViolations(root).sort()).toEqual([
        "lib/server/loose.ts is in lib/server but does not import \"server-only\"",
        "lib/shared/hook.ts imports components/x.tsx: lib/ never imports upward",
        "lib/shared/hook.ts imports react: lib/ never imports React or UI modules",
      ]);
    });

    it("a client component that reaches classic zod, where zod/mini and type imports pass", async () => {
      const root = await tree({
        "lib/shared/classic.ts": 'import { z } from "zod";\nexport const id = z.uuid();\n',
        "lib/shared/mini.ts": 'import * as z from "zod/mini";\nimport type { ZodType } from "zod";\nexport const id: unknown = z.uuid() as unknown as ZodType;\n',
        "components/widget.tsx":
          '"use client";\nimport { id } from "@/lib/shared/classic";\nimport { id as other } from "@/lib/shared/mini";\nexport const W = () => String([id, other]);\n',
      });
      expect(findViolations(root)).toEqual([
        "client code reaches classic zod (use lib/shared/zod, zod/mini): components/widget.tsx → lib/shared/classic.ts → zod",
      ]);
    });

    it("while type-only imports and server actions stay allowed", async () => {
      const root = await tree({
        "lib/server/secret.ts": serverModule + "export type Secret = string;\n",
        "app/actions.ts": '"use server";\nimport { read } from "@/lib/server/secret";\nexport async function act() { return String(read); }\n',
        "components/widget.tsx":
          '"use client";\nimport type { Secret } from "@/lib/server/secret";\nimport { act } from "@/app/actions";\nexport const W = (s: Secret) => act();\n',
      });
      expect(findViolations(root)).toEqual([]);
    });
  });
});
