// Draws the studio's icons and link-preview image into public/ from public/icon.svg: `node docs/make-icons.mjs`.
import sharp from "sharp";
import { readFileSync } from "node:fs";
const svg = readFileSync("public/icon.svg");
for (const [name, size] of [["icon-192.png", 192], ["icon-512.png", 512], ["apple-touch-icon.png", 180], ["favicon-32.png", 32]]) {
  await sharp(svg, { density: 384 }).resize(size, size).png({ compressionLevel: 9 }).toFile(`public/${name}`);
}
// Maskable: the art inside the safe zone (80 %), on the sky colour to the edges.
const inner = await sharp(svg, { density: 384 }).resize(410, 410).png().toBuffer();
await sharp({ create: { width: 512, height: 512, channels: 4, background: "#0c4a6e" } })
  .composite([{ input: inner, gravity: "centre" }]).png({ compressionLevel: 9 }).toFile("public/icon-maskable-512.png");
// The link preview: 1200×630.
const og = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630">
  <defs><linearGradient id="bg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#082f49"/><stop offset="1" stop-color="#0369a1"/></linearGradient></defs>
  <rect width="1200" height="630" fill="url(#bg)"/>
  <g transform="translate(96 155) scale(0.625)">${svg.toString().replace(/<\?xml[^>]*>/, "").replace(/<svg[^>]*>/, "").replace("</svg>", "")}</g>
  <text x="456" y="290" font-family="DejaVu Sans, Arial, sans-serif" font-size="64" font-weight="700" fill="#f0f9ff">Seedream Studio</text>
  <text x="462" y="362" font-family="DejaVu Sans, Arial, sans-serif" font-size="34" fill="#bae6fd">Generate, edit and refine images</text>
  <text x="462" y="408" font-family="DejaVu Sans, Arial, sans-serif" font-size="34" fill="#bae6fd">with Seedream v4.</text>
</svg>`;
await sharp(Buffer.from(og)).png({ compressionLevel: 9 }).toFile("public/og-image.png");
