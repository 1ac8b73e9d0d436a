"use client";

import dynamic from "next/dynamic";
import { withLazyPart } from "@/components/studio/lazy/lazy-part";
import { MoreIcon } from "@/components/ui/icons";
import { Popover } from "@/components/ui/popover";
import type { ImageMenuItemsProps } from "./image-menu-items";

// The menu's actions are seen only once a "⋯" opens, so their code arrives after the first paint.
const ImageMenuItems = withLazyPart(dynamic(() => import("./image-menu-items").then((module) => module.ImageMenuItems), { ssr: false }));

interface ImageMenuProps extends ImageMenuItemsProps {
  className: string;
}

/**
 * Every action on one image in one list: the "⋯" on a tile opens it (a sheet at the bottom of a
 * phone, where it is the tile's only button).
 */
export function ImageMenu({ image, generation, label, actions, className }: ImageMenuProps) {
  return (
    <Popover label={`Actions for ${label}`} buttonLabel="More actions" buttonClassName={className} side="below" panelClassName="p-1.5 sm:w-56" button={<MoreIcon />}>
      {/* Names the sheet on a phone, where it covers the picture it belongs to. */}
      <div aria-hidden className="truncate px-3 pt-1 pb-2 text-xs text-zinc-600 sm:hidden dark:text-zinc-300">
        {label}
      </div>
      <ImageMenuItems image={image} generation={generation} label={label} actions={actions} />
    </Popover>
  );
}
