import "server-only";
import { wellFormed } from "@/lib/server/export/well-formed";

/**
 * What a downloaded file says about where it came from, and the two texts that say it: the
 * "parameters" line Stable Diffusion tools (A1111, ComfyUI, Civitai) read, and an XMP packet that
 * photo tools (exiftool, Lightroom, Finder, Windows' file properties) read.
 */
export interface Provenance {
  imageId: string;
  origin: "upload" | "output";
  /** Null for uploads: they were never prompted. */
  prompt: string | null;
  model: string | null;
  generationId: string | null;
  seed: number | null;
  width: number;
  height: number;
  /** The generation's inputs in the order they were sent; empty for uploads and text-to-image. */
  parents: readonly string[];
  /** An upload's own file name. */
  fileName: string | null;
}

/** The XMP namespace for what Dublin Core has no word for; a URN, so it never points at a server. */
export const STUDIO_XMP_NAMESPACE = "urn:seedream-studio:xmp:1.0/";

/**
 * A1111's shape: the prompt, then one line of `Key: value` pairs. A1111's own parser splits that
 * line at commas, so a value holding a comma, colon or quote is written as a JSON string, as
 * A1111 itself does; several parents are therefore `Parents: "id1, id2"`.
 */
export function parametersText(provenance: Provenance): string {
  const pairs: [string, string | number | null][] = [
    ["Seed", provenance.seed],
    ["Size", `${provenance.width}x${provenance.height}`],
    ["Model", provenance.model],
    ["Parents", provenance.parents.length > 0 ? provenance.parents.join(", ") : null],
  ];
  const line = pairs
    .filter((pair): pair is [string, string | number] => pair[1] !== null)
    .map(([key, value]) => `${key}: ${quoteIfNeeded(String(value))}`)
    .join(", ");
  return `${provenance.prompt ?? ""}\n${line}`;
}

function quoteIfNeeded(value: string): string {
  return /[,:"\n]/.test(value) ? JSON.stringify(value) : value;
}

/**
 * One XMP packet (XMP spec part 1, §7.3): Dublin Core for the prompt (dc:description) or an
 * upload's file name (dc:title), the studio's namespace for the rest, parents as an ordered rdf:Seq.
 */
export function xmpPacket(provenance: Provenance): string {
  const fields: string[] = [];
  if (provenance.prompt !== null) fields.push(`<dc:description>${langAlt(provenance.prompt)}</dc:description>`);
  if (provenance.fileName !== null) fields.push(`<dc:title>${langAlt(provenance.fileName)}</dc:title>`);
  fields.push("<xmp:CreatorTool>Seedream Studio</xmp:CreatorTool>");
  const studio: [string, string | number | null][] = [
    ["ImageId", provenance.imageId],
    ["Origin", provenance.origin],
    ["GenerationId", provenance.generationId],
    ["Model", provenance.model],
    ["Seed", provenance.seed],
    ["Width", provenance.width],
    ["Height", provenance.height],
  ];
  for (const [name, value] of studio) {
    if (value !== null) fields.push(`<studio:${name}>${escapeXml(String(value))}</studio:${name}>`);
  }
  if (provenance.parents.length > 0) {
    const items = provenance.parents.map((id) => `<rdf:li>${escapeXml(id)}</rdf:li>`).join("");
    fields.push(`<studio:Parents><rdf:Seq>${items}</rdf:Seq></studio:Parents>`);
  }
  return [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" ' +
      `xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:studio="${STUDIO_XMP_NAMESPACE}">`,
    ...fields,
    "</rdf:Description>",
    "</rdf:RDF>",
    "</x:xmpmeta>",
    '<?xpacket end="w"?>',
  ].join("\n");
}

function langAlt(text: string): string {
  return `<rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(text)}</rdf:li></rdf:Alt>`;
}

/**
 * XML 1.0 has no way to write most C0 controls or U+FFFE/U+FFFF, so they are dropped (prompts
 * cannot hold them anyway; an upload's name might). A carriage return is written as a reference
 * because parsers would otherwise turn it into a line feed.
 */
function escapeXml(text: string): string {
  return wellFormed(text)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "")
    .replace(/[&<>"\r]/g, (char) => XML_ENTITIES[char] ?? char);
}

const XML_ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;" };
