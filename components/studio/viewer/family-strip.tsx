import type { ImageView } from "@/lib/shared/gallery/view";

interface FamilyStripProps {
  image: ImageView;
  parents: ImageView[];
  offspring: ImageView[];
  onOpen: (image: ImageView) => void;
}

/** Parent ← this → children: where the image came from and what was made of it, one tap away. */
export function FamilyStrip({ image, parents, offspring, onOpen }: FamilyStripProps) {
  if (parents.length === 0 && offspring.length === 0) return null;
  return (
    <nav aria-label="Family" className="flex items-center gap-2 overflow-x-auto text-xs text-zinc-600 dark:text-zinc-300">
      {parents.length > 0 && <Thumbs images={parents} relation="Parent" onOpen={onOpen} />}
      {parents.length > 0 && <span aria-hidden>←</span>}
      <img src={image.thumbnailUrl} alt="" className="size-11 shrink-0 rounded-md object-cover ring-2 ring-sky-500" />
      {offspring.length > 0 && <span aria-hidden>→</span>}
      {offspring.length > 0 && <Thumbs images={offspring} relation="Child" onOpen={onOpen} />}
    </nav>
  );
}

function Thumbs({ images, relation, onOpen }: { images: ImageView[]; relation: string; onOpen: (image: ImageView) => void }) {
  return (
    <ul className="flex shrink-0 gap-1.5">
      {images.slice(0, 6).map((image, index) => (
        <li key={image.id}>
          <button
            type="button"
            onClick={() => onOpen(image)}
            aria-label={`${relation} ${index + 1}`}
            title={`Open ${relation.toLowerCase()} ${index + 1}`}
            className="block size-11 overflow-hidden rounded-md ring-1 ring-zinc-300 hover:ring-sky-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 dark:ring-zinc-700"
          >
            <img src={image.thumbnailUrl} alt="" className="size-full object-cover" />
          </button>
        </li>
      ))}
    </ul>
  );
}
