import type { ReactNode } from "react";

interface RadioTileProps {
  name: string;
  checked: boolean;
  onSelect: () => void;
  /** Ids of the parts of the tile that name it, and that describe it, when not all of its text should. */
  labelledBy?: string;
  describedBy?: string;
  className?: string;
  children: ReactNode;
}

/**
 * A native radio button drawn as a tile. The input covers the whole tile, transparent, so clicks,
 * arrow keys, screen readers and test tools all meet the real control.
 */
export function RadioTile({ name, checked, onSelect, labelledBy, describedBy, className = "", children }: RadioTileProps) {
  return (
    <label
      className={`relative has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-sky-500 ${className}`}
    >
      <input
        type="radio"
        name={name}
        checked={checked}
        onChange={onSelect}
        aria-labelledby={labelledBy}
        aria-describedby={describedBy}
        className="absolute inset-0 z-10 m-0 size-full cursor-pointer appearance-none rounded-[inherit] opacity-0"
      />
      {children}
    </label>
  );
}
