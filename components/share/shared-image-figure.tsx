import type { SharedImage } from "@/lib/shared/share-view";

/** One shared picture with what made it; `large` for a page about that one image. */
export function SharedImageFigure({ image, large = false }: { image: SharedImage; large?: boolean }) {
  const caption = image.prompt ?? "Uploaded picture";
  return (
    <figure className="flex flex-col gap-2" data-shared-image={image.id}>
      <a href={image.url} className="block overflow-hidden rounded-lg bg-zinc-100 dark:bg-zinc-800">
        <img
          src={large ? image.url : image.thumbnailUrl}
          alt={caption}
          width={image.width}
          height={image.height}
          loading={large ? "eager" : "lazy"}
          decoding="async"
          className={large ? "mx-auto max-h-[75vh] w-auto object-contain" : "aspect-square w-full object-cover"}
        />
      </a>
      <figcaption className="text-sm">
        <p dir="auto" className={large ? "text-base" : "line-clamp-3"}>
          {caption}
        </p>
        {image.model && <p className="text-xs text-zinc-600 dark:text-zinc-400">{image.model}</p>}
      </figcaption>
    </figure>
  );
}
