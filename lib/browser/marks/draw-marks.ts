import { MARK_COLOURS, type Mark, type MarkColour } from "@/lib/shared/marks/marks";
import { arrowNumbers } from "@/lib/shared/marks/note";

/**
 * One drawing of the marks for both the marking view and the copy that is sent, so what the person
 * sees is what the model gets. The context is in the image's own pixels; sizes follow its long side.
 */
export function drawMarks(context: CanvasRenderingContext2D, marks: readonly Mark[], colour: MarkColour, size: { width: number; height: number }): void {
  const ink = MARK_COLOURS[colour];
  const line = lineWidthFor(size);
  const numbers = arrowNumbers(marks);
  context.save();
  context.lineCap = "round";
  context.lineJoin = "round";
  for (const entry of marks) {
    context.strokeStyle = ink;
    context.fillStyle = ink;
    switch (entry.kind) {
      case "stroke": {
        context.globalAlpha = 0.5;
        context.lineWidth = entry.radius * 2;
        context.beginPath();
        const [first, ...rest] = entry.points;
        context.moveTo(first![0], first![1]);
        // A single tap is a dot: a zero-length line with round caps.
        if (rest.length === 0) context.lineTo(first![0] + 0.01, first![1]);
        for (const [x, y] of rest) context.lineTo(x, y);
        context.stroke();
        context.globalAlpha = 1;
        break;
      }
      case "box":
        context.lineWidth = line;
        context.strokeRect(entry.x, entry.y, entry.width, entry.height);
        break;
      case "arrow":
        drawArrow(context, entry.from, entry.to, line);
        drawBadge(context, String(numbers.get(entry) ?? ""), entry.from, line, ink);
        break;
      case "label":
        drawBadge(context, entry.text, entry.at, line, ink);
        break;
    }
  }
  context.restore();
}

/** Lines about 1/250 of the long side: visible to a model looking at a downscaled copy. */
export function lineWidthFor(size: { width: number; height: number }): number {
  return Math.max(2, Math.round(Math.max(size.width, size.height) / 250));
}

function drawArrow(context: CanvasRenderingContext2D, from: readonly [number, number], to: readonly [number, number], line: number): void {
  const angle = Math.atan2(to[1] - from[1], to[0] - from[0]);
  const head = line * 5;
  context.lineWidth = line;
  context.beginPath();
  context.moveTo(from[0], from[1]);
  context.lineTo(to[0] - Math.cos(angle) * head * 0.8, to[1] - Math.sin(angle) * head * 0.8);
  context.stroke();
  context.beginPath();
  context.moveTo(to[0], to[1]);
  context.lineTo(to[0] - Math.cos(angle - 0.45) * head, to[1] - Math.sin(angle - 0.45) * head);
  context.lineTo(to[0] - Math.cos(angle + 0.45) * head, to[1] - Math.sin(angle + 0.45) * head);
  context.closePath();
  context.fill();
}

/** A filled tag with white text, centred on `at`: an arrow's number at its tail, or a label. */
function drawBadge(context: CanvasRenderingContext2D, text: string, at: readonly [number, number], line: number, ink: string): void {
  const fontSize = line * 7;
  context.font = `600 ${fontSize}px system-ui, sans-serif`;
  const width = Math.max(fontSize * 1.3, context.measureText(text).width + fontSize * 0.8);
  const height = fontSize * 1.4;
  context.fillStyle = ink;
  context.beginPath();
  context.roundRect(at[0] - width / 2, at[1] - height / 2, width, height, height / 2);
  context.fill();
  context.fillStyle = "#ffffff";
  context.textAlign = "center";
  context.textBaseline = "middle";
  context.fillText(text, at[0], at[1] + fontSize * 0.05);
}

/** The original with its marks, at the original's size, as a PNG file ready for the upload checks. */
export async function renderMarkedCopy(
  image: { url: string; width: number; height: number; fileName: string | null },
  marks: readonly Mark[],
  colour: MarkColour,
): Promise<File> {
  const response = await fetch(image.url);
  if (!response.ok) throw new Error("The original could not be read for marking.");
  const bitmap = await createImageBitmap(await response.blob());
  const canvas = document.createElement("canvas");
  canvas.width = image.width;
  canvas.height = image.height;
  const context = canvas.getContext("2d");
  if (!context) throw new Error("This browser cannot draw the marked copy.");
  context.drawImage(bitmap, 0, 0, image.width, image.height);
  bitmap.close();
  drawMarks(context, marks, colour, image);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/png"));
  if (!blob) throw new Error("The marked copy could not be encoded.");
  const base = (image.fileName ?? "image").replace(/\.[^.]+$/u, "");
  return new File([blob], `${base}-marked.png`, { type: "image/png" });
}
