import "server-only";
import sharp from "sharp";
import { paletteFor, type Palette } from "./palette";
import { createSeededRandom, type SeededRandom } from "./seeded-random";

/**
 * librsvg's blur filters cost grow with the square of the canvas: a 4096² raster takes ~5 s on two
 * cores, a 1024² one ~50 ms. Larger outputs are drawn at this size and scaled up, which suits soft
 * abstract shapes and stays deterministic.
 */
const RENDER_MAX_SIDE = 1024;

interface TextToImageJob {
  prompt: string;
  seed: number;
  width: number;
  height: number;
  signal?: AbortSignal;
}

/**
 * An abstract composition that depends only on the prompt and the seed: a gradient sky, soft glows,
 * waves and a few shapes in a palette picked from the prompt's colour words or the seed. It makes
 * no claim to depict the prompt; it gives every prompt and seed its own recognisable picture.
 */
export async function renderTextToImage(job: TextToImageJob): Promise<Buffer> {
  const scale = Math.min(1, RENDER_MAX_SIDE / Math.max(job.width, job.height));
  const canvas = {
    width: Math.max(1, Math.round(job.width * scale)),
    height: Math.max(1, Math.round(job.height * scale)),
  };
  const random = createSeededRandom("text-to-image", job.prompt, job.seed);
  const svg = compositionSvg(canvas.width, canvas.height, paletteFor(job.prompt, random), random);

  // Rasterise first, resize second: given an SVG and a resize, sharp re-renders the SVG at the
  // target size, which is exactly the slow path RENDER_MAX_SIDE exists to avoid.
  const raster = await sharp(Buffer.from(svg)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  job.signal?.throwIfAborted();
  const { width, height, channels } = raster.info;
  let picture = sharp(raster.data, { raw: { width, height, channels } });
  if (width !== job.width || height !== job.height) {
    picture = picture.resize(job.width, job.height, { fit: "fill", kernel: "lanczos3" });
  }
  return picture.png().toBuffer();
}

type Draw = (width: number, height: number, palette: Palette, random: SeededRandom) => string;
type Attributes = Record<string, string | number>;

/** One SVG element; numbers get two decimals, finer than a pixel, so the SVG text is reproducible. */
function element(name: string, attributes: Attributes, children: string[] = []): string {
  const opening = [name]
    .concat(Object.entries(attributes).map(([key, value]) => `${key}="${formatted(value)}"`))
    .join(" ");
  return children.length === 0 ? `<${opening}/>` : `<${opening}>${children.join("")}</${name}>`;
}

function formatted(value: string | number): string {
  if (typeof value === "string") return value;
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

function stop(offset: number, colour: string, opacity = 1): string {
  return element("stop", { offset, "stop-color": colour, "stop-opacity": opacity });
}

function compositionSvg(width: number, height: number, palette: Palette, random: SeededRandom): string {
  const unit = Math.min(width, height);
  const angle = random.between(0, Math.PI * 2);
  const [dark, middle, light] = palette.background;
  const sky = element(
    "linearGradient",
    {
      id: "sky",
      x1: 0.5 - Math.cos(angle) / 2,
      y1: 0.5 - Math.sin(angle) / 2,
      x2: 0.5 + Math.cos(angle) / 2,
      y2: 0.5 + Math.sin(angle) / 2,
    },
    [stop(0, dark), stop(random.between(0.35, 0.65), middle), stop(1, light)],
  );
  const glow = element("radialGradient", { id: "glow" }, [
    stop(0, palette.glow, 0.8),
    stop(1, palette.glow, 0),
  ]);
  const vignette = element("radialGradient", { id: "vignette", r: 0.75 }, [
    stop(0.55, "#000", 0),
    stop(1, "#000", 0.45),
  ]);
  const blur = element("feGaussianBlur", { stdDeviation: unit * 0.025 });
  const soft = element("filter", { id: "soft", x: "-50%", y: "-50%", width: "200%", height: "200%" }, [blur]);

  const glowCount = random.integer(1, 2);
  const waveCount = random.integer(1, 3);
  const shapeCount = random.integer(4, 8);
  const shapeDrawers: Draw[] = [drawOrb, drawOrb, drawRing, drawPill, drawBlob, drawBlob];
  const glows = Array.from({ length: glowCount }, () => drawGlow(width, height, random));
  const waves = Array.from({ length: waveCount }, (_, index) =>
    drawWave(width, height, palette, random, index / waveCount),
  );
  const shapes = Array.from({ length: shapeCount }, () =>
    random.pick(shapeDrawers)(width, height, palette, random),
  );

  const canvas = { xmlns: "http://www.w3.org/2000/svg", width, height, viewBox: `0 0 ${width} ${height}` };
  return element("svg", canvas, [
    element("defs", {}, [sky, glow, vignette, soft]),
    element("rect", { width, height, fill: "url(#sky)" }),
    ...glows,
    ...waves,
    ...shapes,
    element("rect", { width, height, fill: "url(#vignette)" }),
  ]);
}

function drawGlow(width: number, height: number, random: SeededRandom): string {
  return element("circle", {
    cx: random.between(0.15, 0.85) * width,
    cy: random.between(0.1, 0.6) * height,
    r: Math.min(width, height) * random.between(0.3, 0.7),
    fill: "url(#glow)",
  });
}

/** A band across the whole width, filled down to the bottom edge: gives the picture a horizon. */
function drawWave(
  width: number,
  height: number,
  palette: Palette,
  random: SeededRandom,
  depth: number,
): string {
  const baseline = height * (0.55 + depth * 0.3 + random.between(-0.05, 0.05));
  const swing = height * random.between(0.03, 0.12);
  const crests = random.integer(1, 3);
  const phase = random.between(0, Math.PI * 2);
  const points = 24;
  const crest = Array.from({ length: points + 1 }, (_, index) => {
    const x = (index / points) * width;
    const y = baseline + Math.sin(phase + (index / points) * Math.PI * 2 * crests) * swing;
    return `${index === 0 ? "M" : "L"}${x.toFixed(2)} ${y.toFixed(2)}`;
  });
  return element("path", {
    d: `${crest.join(" ")} L${width} ${height} L0 ${height} Z`,
    fill: random.pick(palette.accents),
    "fill-opacity": 0.35 + depth * 0.4,
  });
}

function drawOrb(width: number, height: number, palette: Palette, random: SeededRandom): string {
  const orb: Attributes = {
    cx: random.next() * width,
    cy: random.next() * height,
    r: Math.min(width, height) * random.between(0.04, 0.2),
    fill: random.pick(palette.accents),
    "fill-opacity": random.between(0.55, 0.9),
  };
  return element("circle", random.next() < 0.4 ? { ...orb, filter: "url(#soft)" } : orb);
}

function drawRing(width: number, height: number, palette: Palette, random: SeededRandom): string {
  const unit = Math.min(width, height);
  return element("circle", {
    cx: random.next() * width,
    cy: random.next() * height,
    r: unit * random.between(0.08, 0.3),
    fill: "none",
    stroke: random.pick(palette.accents),
    "stroke-width": unit * random.between(0.008, 0.03),
    "stroke-opacity": random.between(0.5, 0.85),
  });
}

function drawPill(width: number, height: number, palette: Palette, random: SeededRandom): string {
  const unit = Math.min(width, height);
  const long = unit * random.between(0.25, 0.6);
  const thick = unit * random.between(0.05, 0.12);
  const x = random.next() * width;
  const y = random.next() * height;
  const turn = random.between(-60, 60);
  return element("rect", {
    x: x - long / 2,
    y: y - thick / 2,
    width: long,
    height: thick,
    rx: thick / 2,
    transform: `rotate(${turn.toFixed(2)} ${x.toFixed(2)} ${y.toFixed(2)})`,
    fill: random.pick(palette.accents),
    "fill-opacity": random.between(0.6, 0.9),
  });
}

/** A closed curve through points at a wobbling radius, smoothed as a Catmull-Rom spline. */
function drawBlob(width: number, height: number, palette: Palette, random: SeededRandom): string {
  const centre = { x: random.between(0.1, 0.9) * width, y: random.between(0.1, 0.9) * height };
  const radius = Math.min(width, height) * random.between(0.08, 0.22);
  const count = random.integer(5, 8);
  const points = Array.from({ length: count }, (_, index) => {
    const angle = (index / count) * Math.PI * 2;
    const reach = radius * random.between(0.7, 1.3);
    return { x: centre.x + Math.cos(angle) * reach, y: centre.y + Math.sin(angle) * reach };
  });
  const at = (index: number) => points[(index + count) % count] ?? centre;
  const xy = (point: { x: number; y: number }) => `${point.x.toFixed(2)} ${point.y.toFixed(2)}`;
  const segments = points.map((_, index) => {
    const [p0, p1, p2, p3] = [at(index - 1), at(index), at(index + 1), at(index + 2)];
    const c1 = { x: p1.x + (p2.x - p0.x) / 6, y: p1.y + (p2.y - p0.y) / 6 };
    const c2 = { x: p2.x - (p3.x - p1.x) / 6, y: p2.y - (p3.y - p1.y) / 6 };
    return `C${xy(c1)} ${xy(c2)} ${xy(p2)}`;
  });
  return element("path", {
    d: `M${xy(at(0))} ${segments.join(" ")} Z`,
    fill: random.pick(palette.accents),
    "fill-opacity": random.between(0.5, 0.85),
  });
}
