"use client";

import { useState } from "react";

interface CompareSliderProps {
  /** `label` is what the corner shows: "Before" and "After", or two siblings' own names. */
  before: { src: string; alt: string; label: string };
  after: { src: string; alt: string; label: string };
}

const LABEL = "pointer-events-none absolute top-3 rounded bg-black/70 px-2 py-0.5 text-xs font-semibold text-white";

/**
 * Before and after in the same box: the after image is clipped from the left edge up to the
 * slider's position, so everything left of the line is before and everything right of it after.
 * Both images are fitted the same way, so the line falls on the same spot of each.
 */
export function CompareSlider({ before, after }: CompareSliderProps) {
  const [position, setPosition] = useState(50);
  const [beforeMissing, setBeforeMissing] = useState(false);

  return (
    <div className="absolute inset-0">
      <img src={before.src} alt={before.alt} onError={() => setBeforeMissing(true)} className="absolute inset-0 size-full object-contain" />
      <img
        src={after.src}
        alt={after.alt}
        style={{ clipPath: `inset(0 0 0 ${position}%)` }}
        className="absolute inset-0 size-full object-contain"
      />
      <div aria-hidden className="pointer-events-none absolute inset-y-0 w-0.5 -translate-x-1/2 bg-white shadow-[0_0_0_1px_rgb(0_0_0/0.4)]" style={{ left: `${position}%` }} />
      <span className={`${LABEL} left-3`}>{before.label}</span>
      <span className={`${LABEL} right-3`}>{after.label}</span>
      {beforeMissing && (
        <p role="status" className="absolute inset-x-3 top-12 rounded bg-black/70 px-3 py-2 text-center text-sm text-white">
          The input image is no longer available.
        </p>
      )}
      <div className="absolute inset-x-4 bottom-4 flex items-center rounded-full bg-black/60 px-3">
        <input
          type="range"
          min={0}
          max={100}
          step={1}
          value={position}
          onChange={(event) => setPosition(Number(event.target.value))}
          aria-label="Compare position"
          aria-valuetext={`${position}% ${before.label.toLowerCase()}, ${100 - position}% ${after.label.toLowerCase()}`}
          className="h-9 w-full cursor-ew-resize accent-sky-500 focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-sky-400"
        />
      </div>
    </div>
  );
}
