import "server-only";
import { bufferSource, type ByteSource } from "./byte-source";
import { splicePieces, type ByteRange, type FilePiece } from "./splice";

/**
 * An XMP packet written into a JPEG as an APP1 segment (XMP spec part 3, §1.1.3), without touching
 * the compressed image: every other segment and the entropy-coded data are copied byte for byte.
 * Written here rather than taken from npm for the reasons in png.ts: piexifjs writes Exif only,
 * and the tools that write XMP (exiftool) are separate programs, not libraries.
 */

const STANDARD_XMP = Buffer.from("http://ns.adobe.com/xap/1.0/\0", "latin1");
const EXTENDED_XMP = Buffer.from("http://ns.adobe.com/xmp/extension/\0", "latin1");
const EXIF = Buffer.from("Exif\0\0", "latin1");
const APP0 = 0xe0;
const APP1 = 0xe1;
const SOS = 0xda;
/** A segment's length field counts itself and is 16 bits wide. */
const SEGMENT_MAX = 0xffff;

/** Enough of a segment's payload to tell Exif and XMP apart from everything else. */
const PAYLOAD_LEAD_BYTES = 64;

interface Segment extends ByteRange {
  marker: number;
  /** The first bytes of the payload (at most PAYLOAD_LEAD_BYTES). */
  lead: Buffer;
}

/**
 * The JPEG with the packet added after the JFIF and Exif segments, which their specs want first,
 * as pieces (splice.ts); an XMP packet already there (and its extension segments) is left out,
 * since a file may carry only one.
 */
export async function jpegXmpPieces(jpeg: ByteSource, xmp: string): Promise<FilePiece[]> {
  const packet = Buffer.from(xmp, "utf8");
  const length = 2 + STANDARD_XMP.length + packet.length;
  if (length > SEGMENT_MAX) throw new Error(`An XMP packet of ${packet.length} bytes does not fit one JPEG segment.`);
  const segment = Buffer.alloc(2 + length);
  segment.writeUInt16BE(0xff00 | APP1, 0);
  segment.writeUInt16BE(length, 2);
  STANDARD_XMP.copy(segment, 4);
  packet.copy(segment, 4 + STANDARD_XMP.length);

  const segments = await headerSegments(jpeg);
  let insertAt = 2;
  for (const each of segments) {
    const leads = each.marker === APP0 || (each.marker === APP1 && startsWith(each.lead, EXIF));
    if (!leads || each.start !== insertAt) break;
    insertAt = each.end;
  }
  const replaced = segments.filter(
    (each) => each.marker === APP1 && (startsWith(each.lead, STANDARD_XMP) || startsWith(each.lead, EXTENDED_XMP)),
  );
  return splicePieces(jpeg.size, insertAt, [segment], replaced);
}

/** The marker segments between SOI and the first scan; what follows SOS is image data. */
export async function headerSegments(file: ByteSource | Buffer): Promise<Segment[]> {
  const jpeg = Buffer.isBuffer(file) ? bufferSource(file) : file;
  const soi = await jpeg.read(0, 2);
  if (jpeg.size < 4 || soi[0] !== 0xff || soi[1] !== 0xd8) throw new Error("Not a JPEG: SOI is missing.");
  const segments: Segment[] = [];
  let offset = 2;
  while (offset + 4 <= jpeg.size) {
    if ((await jpeg.read(offset, offset + 1))[0] !== 0xff) throw new Error("Not a JPEG: expected a marker.");
    // Any number of 0xFF fill bytes may precede a marker.
    let markerAt = offset + 1;
    while ((await jpeg.read(markerAt, markerAt + 1))[0] === 0xff && markerAt < jpeg.size - 1) markerAt += 1;
    const marker = (await jpeg.read(markerAt, markerAt + 1))[0] ?? 0;
    if (marker === SOS) return segments;
    if (markerAt + 3 > jpeg.size) break;
    const length = (await jpeg.read(markerAt + 1, markerAt + 3)).readUInt16BE(0);
    const end = markerAt + 1 + length;
    if (length < 2 || end > jpeg.size) throw new Error("Not a JPEG: a segment runs past the end of the file.");
    const lead = Buffer.from(await jpeg.read(markerAt + 3, Math.min(end, markerAt + 3 + PAYLOAD_LEAD_BYTES)));
    segments.push({ marker, start: offset, end, lead });
    offset = end;
  }
  throw new Error("Not a JPEG: no image data.");
}

function startsWith(bytes: Buffer, prefix: Buffer): boolean {
  return bytes.length >= prefix.length && bytes.subarray(0, prefix.length).equals(prefix);
}
