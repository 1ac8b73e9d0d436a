import type { ImageView } from "@/lib/shared/gallery/view";

/** A gallery result dragged onto the tray carries its view under this type; files carry "Files". */
export const IMAGE_DRAG_TYPE = "application/x-seedream-image";

export function setImageDragData(dataTransfer: DataTransfer, image: ImageView): void {
  dataTransfer.setData(IMAGE_DRAG_TYPE, JSON.stringify(image));
  dataTransfer.setData("text/uri-list", new URL(image.url, window.location.origin).href);
  dataTransfer.effectAllowed = "copy";
}

export function readImageDragData(dataTransfer: DataTransfer | null): ImageView | null {
  const raw = dataTransfer?.getData(IMAGE_DRAG_TYPE);
  if (!raw) return null;
  try {
    const image = JSON.parse(raw) as ImageView;
    return typeof image.id === "string" && typeof image.url === "string" ? image : null;
  } catch {
    return null;
  }
}
