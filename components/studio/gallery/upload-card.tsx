import { imageLabel, type ImageView } from "@/lib/shared/gallery/view";
import type { ImageActions } from "./image-actions";
import { ImageTile } from "./image-tile";

/** A picture brought into the studio: its tile and its name, shown under the Uploads filter and in All. */
export function UploadCard({ image, width, tileHeight, actions }: { image: ImageView; width: number; tileHeight: number; actions: ImageActions }) {
  return (
    <article aria-label={`Upload: ${image.fileName ?? "image"}`} className="flex flex-col gap-1" style={{ width }}>
      <ImageTile image={image} generation={null} label={imageLabel(image, null)} actions={actions} width={width} height={tileHeight} />
      <div className="h-9 min-w-0">
        <p className="truncate text-xs text-zinc-800 dark:text-zinc-200">Uploaded {image.fileName}</p>
        <p className="truncate text-[11px] tabular-nums text-zinc-600 dark:text-zinc-400">
          {image.width}×{image.height}
        </p>
      </div>
    </article>
  );
}
