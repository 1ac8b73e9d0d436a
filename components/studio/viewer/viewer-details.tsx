import type { ReactNode } from "react";
import { imageLabel, imageUrls, type GenerationView, type ImageView } from "@/lib/shared/gallery/view";
import type { LineageIndex } from "@/lib/shared/lineage/navigation";
import { formatCredits } from "@/lib/shared/seedream/pricing";
import { modelLabel } from "@/lib/shared/seedream/models";
import { PromptDiff } from "@/components/studio/lineage/prompt-diff";

interface DetailsProps {
  image: ImageView;
  generation: GenerationView | null;
  /** The image's family, once it has arrived: where the inputs came from and the step before. */
  lineage: LineageIndex | null;
}

/** What made the image: prompt (and what changed since the step before), inputs, model, seed, cost. */
export function ViewerDetails({ image, generation, lineage }: DetailsProps) {
  const seed = image.seed ?? generation?.seed ?? null;
  const parentPrompt = lineage?.parentPrompt(image.id) ?? null;
  const rows: [term: string, value: ReactNode][] = [];
  if (generation) {
    rows.push(["Prompt", <span dir="auto" className="whitespace-pre-wrap">{generation.prompt}</span>]);
    if (parentPrompt !== null && parentPrompt !== generation.prompt) {
      rows.push(["Changed", <PromptDiff before={parentPrompt} after={generation.prompt} />]);
    }
    if (generation.inputImageIds.length > 0) rows.push(["Made from", <MadeFrom ids={generation.inputImageIds} lineage={lineage} />]);
    if (generation.replayOf) rows.push(["Replay", "Re-run of an earlier step with the same prompt and seed"]);
    rows.push(["Model", modelLabel(generation.model) ?? generation.model]);
  } else {
    rows.push(["File", image.fileName ?? "Uploaded image"]);
  }
  rows.push(["Size", `${image.width}×${image.height}`]);
  if (seed !== null) rows.push(["Seed", String(seed)]);
  if (generation?.startedAt && generation.finishedAt) {
    rows.push(["Time taken", `${((generation.finishedAt - generation.startedAt) / 1000).toFixed(1)} s`]);
  }
  if (generation?.creditsUsed != null) {
    const each = generation.outputs.length > 1 ? `, ${formatCredits(generation.creditsUsed / generation.outputs.length)} an image` : "";
    rows.push(["Cost", `${formatCredits(generation.creditsUsed)}${each}`]);
  }
  rows.push(["Format", `${image.mime.replace("image/", "").toUpperCase()} · ${formatBytes(image.bytes)}`]);
  rows.push([generation ? "Created" : "Uploaded", new Date(image.createdAt).toLocaleString()]);

  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
      {rows.map(([term, value]) => (
        <div key={term} className="contents">
          <dt className="text-zinc-600 dark:text-zinc-400">{term}</dt>
          <dd className="min-w-0 break-words">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Each input by its number and where it came from: the provenance of an edit. */
export function MadeFrom({ ids, lineage }: { ids: string[]; lineage: LineageIndex | null }) {
  return (
    <ol className="flex flex-col gap-1">
      {ids.map((id, position) => {
        const input = lineage?.image(id);
        return (
          <li key={`${id}-${position}`} className="flex items-center gap-2">
            <img src={imageUrls(id).thumbnailUrl} alt="" className="size-8 shrink-0 rounded object-cover" />
            <span className="min-w-0">
              Image {position + 1}
              {input ? `: ${imageLabel(input, lineage?.madeBy(id) ?? null)}` : ""}
            </span>
          </li>
        );
      })}
    </ol>
  );
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
