"use client";

import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from "react";
import { drawMarks, lineWidthFor } from "@/lib/browser/marks/draw-marks";
import type { ImageView } from "@/lib/shared/gallery/view";
import { REGION_POINTS_MAX } from "@/lib/shared/marks/region";
import type { Mark, MarkColour } from "@/lib/shared/marks/marks";

export type MarkTool = "brush" | "box" | "arrow" | "label";
type Point = [number, number];

interface MarkCanvasProps {
  image: ImageView;
  number: number;
  marks: readonly Mark[];
  colour: MarkColour;
  tool: MarkTool;
  brushRadius: number;
  labelText: string;
  onAdd: (mark: Mark) => void;
  onAnnounce: (sentence: string) => void;
}

/**
 * The picture with its marks over it. Pointer, touch and pen draw directly; the keyboard moves a
 * crosshair (arrow keys, Shift for bigger steps) and Enter or Space sets a box's or an arrow's two
 * corners, stamps the brush, or places a label. Everything is kept in the image's own pixels.
 */
export function MarkCanvas({ image, number, marks, colour, tool, brushRadius, labelText, onAdd, onAnnounce }: MarkCanvasProps) {
  const frame = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [shown, setShown] = useState({ width: 0, height: 0 });
  const [draft, setDraft] = useState<Mark | null>(null);
  const [cursor, setCursor] = useState<Point>([Math.round(image.width / 2), Math.round(image.height / 2)]);
  const [anchor, setAnchor] = useState<Point | null>(null);
  const [focused, setFocused] = useState(false);
  const pointerStart = useRef<Point | null>(null);
  const scale = shown.width / image.width;

  // The picture fits the space the dialog leaves it, keeping its shape.
  useLayoutEffect(() => {
    const element = frame.current;
    if (!element) return;
    const fit = () => {
      const ratio = Math.min(element.clientWidth / image.width, element.clientHeight / image.height);
      setShown({ width: Math.floor(image.width * ratio), height: Math.floor(image.height * ratio) });
    };
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(element);
    return () => observer.disconnect();
  }, [image.width, image.height]);

  useEffect(() => {
    const element = canvas.current;
    const context = element?.getContext("2d");
    if (!element || !context || shown.width === 0) return;
    const density = window.devicePixelRatio || 1;
    element.width = Math.round(shown.width * density);
    element.height = Math.round(shown.height * density);
    context.setTransform(scale * density, 0, 0, scale * density, 0, 0);
    context.clearRect(0, 0, image.width, image.height);
    const keyboardDraft = anchor ? shapeBetween(tool, anchor, cursor) : null;
    drawMarks(context, [...marks, ...(draft ? [draft] : []), ...(keyboardDraft ? [keyboardDraft] : [])], colour, image);
    if (focused) drawCrosshair(context, cursor, lineWidthFor(image) * 4, lineWidthFor(image) / 2);
  }, [marks, draft, colour, shown, scale, image, focused, cursor, anchor, tool]);

  const toImage = (event: PointerEvent<HTMLCanvasElement>): Point => {
    const box = event.currentTarget.getBoundingClientRect();
    return [clamp((event.clientX - box.left) / scale, image.width), clamp((event.clientY - box.top) / scale, image.height)];
  };

  const place = (at: Point) => {
    if (tool === "label") {
      const text = labelText.trim();
      if (!text) return onAnnounce("Type the label's text first, then place it.");
      onAdd({ kind: "label", at, text });
      return onAnnounce(`Label “${text}” placed.`);
    }
    onAdd({ kind: "stroke", radius: brushRadius, points: [at] });
  };

  const onPointerDown = (event: PointerEvent<HTMLCanvasElement>) => {
    if (event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    const at = toImage(event);
    if (tool === "label") return place(at);
    pointerStart.current = at;
    setDraft(tool === "brush" ? { kind: "stroke", radius: brushRadius, points: [at] } : shapeBetween(tool, at, at));
  };
  const onPointerMove = (event: PointerEvent<HTMLCanvasElement>) => {
    if (!draft) return;
    const at = toImage(event);
    if (draft.kind === "stroke") {
      const last = draft.points.at(-1)!;
      // Points closer than a quarter of the brush add nothing a viewer could see.
      if (Math.hypot(at[0] - last[0], at[1] - last[1]) < brushRadius / 4 || draft.points.length >= REGION_POINTS_MAX) return;
      setDraft({ ...draft, points: [...draft.points, at] });
    } else if (pointerStart.current) {
      setDraft(shapeBetween(tool, pointerStart.current, at));
    }
  };
  const onPointerUp = () => {
    if (draft && isBigEnough(draft)) onAdd(draft);
    pointerStart.current = null;
    setDraft(null);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLCanvasElement>) => {
    const step = Math.max(1, Math.round(Math.max(image.width, image.height) / 100)) * (event.shiftKey ? 5 : 1);
    const moves: Record<string, Point> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      setCursor(([x, y]) => [clamp(x + move[0], image.width), clamp(y + move[1], image.height)]);
      return;
    }
    if (event.key === "Escape" && anchor) {
      event.preventDefault();
      event.stopPropagation();
      setAnchor(null);
      return onAnnounce("Canceled.");
    }
    if (event.key !== "Enter" && event.key !== " ") return;
    event.preventDefault();
    if (tool === "brush" || tool === "label") return place(cursor);
    if (!anchor) {
      setAnchor(cursor);
      return onAnnounce(`${tool === "box" ? "Box" : "Arrow"} started at ${Math.round(cursor[0])}, ${Math.round(cursor[1])}. Move, then press Enter to finish.`);
    }
    const shape = shapeBetween(tool, anchor, cursor);
    setAnchor(null);
    if (!isBigEnough(shape)) return onAnnounce("Too small: move farther before finishing.");
    onAdd(shape);
    onAnnounce(tool === "box" ? "Box drawn." : "Arrow drawn.");
  };

  return (
    <div ref={frame} className="flex min-h-64 flex-1 items-center justify-center overflow-hidden">
      <div className="relative" style={{ width: shown.width, height: shown.height }}>
        {/* The studio's own route; next/image would only re-encode it. */}
        <img src={image.url} alt="" draggable={false} className="absolute inset-0 size-full select-none" />
        <canvas
          ref={canvas}
          tabIndex={0}
          role="application"
          aria-label={`Marking area on image ${number}`}
          aria-describedby="mark-canvas-help"
          className="absolute inset-0 size-full cursor-crosshair touch-none focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500"
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={() => setDraft(null)}
          onKeyDown={onKeyDown}
          onFocus={() => setFocused(true)}
          onBlur={() => {
            setFocused(false);
            setAnchor(null);
          }}
        />
        <p id="mark-canvas-help" className="sr-only">
          Arrow keys move the crosshair, Shift moves it farther. Enter or Space sets a box&apos;s or an arrow&apos;s first and second corner,
          paints a dot with the brush, or places a label. Escape cancels a started box or arrow.
        </p>
      </div>
    </div>
  );
}

function shapeBetween(tool: MarkTool, from: Point, to: Point): Mark {
  if (tool === "arrow") return { kind: "arrow", from, to };
  return {
    kind: "box",
    x: Math.min(from[0], to[0]),
    y: Math.min(from[1], to[1]),
    width: Math.max(1, Math.abs(to[0] - from[0])),
    height: Math.max(1, Math.abs(to[1] - from[1])),
  };
}

function isBigEnough(mark: Mark): boolean {
  if (mark.kind === "box") return mark.width >= 4 && mark.height >= 4;
  if (mark.kind === "arrow") return Math.hypot(mark.to[0] - mark.from[0], mark.to[1] - mark.from[1]) >= 8;
  return true;
}

function clamp(value: number, max: number): number {
  return Math.round(Math.min(max, Math.max(0, value)) * 10) / 10;
}

function drawCrosshair(context: CanvasRenderingContext2D, [x, y]: Point, size: number, width: number): void {
  context.save();
  context.lineWidth = width * 3;
  context.strokeStyle = "#000000";
  context.beginPath();
  context.moveTo(x - size, y);
  context.lineTo(x + size, y);
  context.moveTo(x, y - size);
  context.lineTo(x, y + size);
  context.stroke();
  context.lineWidth = width;
  context.strokeStyle = "#ffffff";
  context.stroke();
  context.restore();
}
