"use client";

import { useEffect, useRef, type ReactNode } from "react";
import { imageLabel, type GenerationView, type ImageView } from "@/lib/shared/gallery/view";
import { modelLabel } from "@/lib/shared/seedream/models";
import { LINEAGE_CELL, LINEAGE_LABEL_HEIGHT, type LineageLayout, type PlacedEdge, type PlacedGroup } from "@/lib/shared/lineage/layout";

interface LineageGraphProps {
  layout: LineageLayout;
  focusId: string;
  selectedId: string;
  /** Picks an image; picking the one already picked opens it. */
  onPick: (image: ImageView) => void;
}

/**
 * The family drawn as rows of steps joined by curves. Only the picked image is in the Tab order
 * (the dialog moves the pick with the keyboard), so a 30-step chain is one Tab stop, not thirty.
 */
export function LineageGraph({ layout, focusId, selectedId, onPick }: LineageGraphProps) {
  const selectedRef = useRef<HTMLButtonElement>(null);
  const labels = new Map(
    layout.groups.flatMap((group) => group.images.map((cell) => [cell.image.id, imageLabel(cell.image, group.generation)] as const)),
  );

  useEffect(() => {
    selectedRef.current?.scrollIntoView({ block: "nearest", inline: "nearest" });
  }, [selectedId]);

  return (
    <div className="relative mx-auto" style={{ width: layout.width, height: layout.height }}>
      <svg aria-hidden className="absolute inset-0 overflow-visible" width={layout.width} height={layout.height}>
        {layout.edges.map((edge) => (
          <Edge key={edge.key} edge={edge} />
        ))}
      </svg>
      {layout.groups.map((group) => (
        <Step key={group.key} group={group} inputNames={inputNames(group, layout, labels)}>
          {group.images.map((cell) => {
            const selected = cell.image.id === selectedId;
            return (
              <button
                key={cell.image.id}
                ref={selected ? selectedRef : undefined}
                type="button"
                tabIndex={selected ? 0 : -1}
                aria-pressed={selected}
                aria-current={cell.image.id === focusId ? "true" : undefined}
                aria-label={labels.get(cell.image.id)}
                data-image-id={cell.image.id}
                onClick={() => onPick(cell.image)}
                className={`absolute overflow-hidden rounded-md bg-zinc-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 dark:bg-zinc-800 ${
                  selected ? "ring-3 ring-sky-500" : cell.image.id === focusId ? "ring-2 ring-zinc-500" : "ring-1 ring-zinc-300 dark:ring-zinc-700"
                }`}
                style={{ left: cell.x - group.x, top: cell.y - group.y, width: LINEAGE_CELL, height: LINEAGE_CELL }}
              >
                <img src={cell.image.thumbnailUrl} alt="" loading="lazy" decoding="async" className="size-full object-contain" />
              </button>
            );
          })}
        </Step>
      ))}
    </div>
  );
}

function Step({ group, inputNames, children }: { group: PlacedGroup; inputNames: string[]; children: ReactNode }) {
  const prompt = group.generation?.prompt;
  const name = prompt === undefined ? `Upload: ${group.images[0]?.image.fileName ?? "image"}` : `Step: ${prompt}`;
  const descriptionId = `lineage-made-from-${group.key}`;
  return (
    <div
      role="group"
      aria-label={name}
      data-step-id={group.key}
      aria-describedby={inputNames.length > 0 ? descriptionId : undefined}
      className="absolute rounded-lg border border-zinc-200 bg-white/90 dark:border-zinc-800 dark:bg-zinc-900/90"
      style={{ left: group.x, top: group.y, width: group.width, height: group.height }}
    >
      {prompt !== undefined && group.generation && (
        <div className="px-2 pt-1 text-xs leading-4" style={{ height: LINEAGE_LABEL_HEIGHT }}>
          <p dir="auto" title={prompt} className="truncate text-zinc-700 dark:text-zinc-300">
            {prompt}
          </p>
          {/* Branches of one step on different models sit side by side: what each ran on and cost. */}
          <p className="truncate text-[11px] text-zinc-600 dark:text-zinc-400" data-step-model>
            {stepMeta(group.generation)}
          </p>
        </div>
      )}
      {inputNames.length > 0 && (
        <span id={descriptionId} className="sr-only">
          Made from: {inputNames.join("; ")}
        </span>
      )}
      {children}
    </div>
  );
}

function Edge({ edge }: { edge: PlacedEdge }) {
  const middle = (edge.start.y + edge.end.y) / 2;
  const path = `M ${edge.start.x} ${edge.start.y} C ${edge.start.x} ${middle}, ${edge.end.x} ${middle}, ${edge.end.x} ${edge.end.y}`;
  return (
    <path
      d={path}
      data-edge-from={edge.from}
      data-edge-step={edge.generationId}
      fill="none"
      strokeWidth={edge.inputIndex === 0 ? 2 : 1.5}
      strokeDasharray={edge.inputIndex === 0 ? undefined : "4 3"}
      className="stroke-zinc-400 dark:stroke-zinc-500"
    />
  );
}

/** The step's inputs by name, in the order the model read them. */
function inputNames(group: PlacedGroup, layout: LineageLayout, labels: Map<string, string | undefined>): string[] {
  if (!group.generation) return [];
  return layout.edges
    .filter((edge) => edge.generationId === group.key)
    .sort((a, b) => a.inputIndex - b.inputIndex)
    .map((edge) => `image ${edge.inputIndex + 1}, ${labels.get(edge.from) ?? "an image"}`);
}

function stepMeta(generation: GenerationView): string {
  const credits = generation.creditsUsed === null ? "" : ` · ${generation.creditsUsed.toLocaleString("en")} credits`;
  return `${modelLabel(generation.model)}${credits}`;
}
