import "server-only";
import { splicePieces, type ByteRange } from "./splice";

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

interface Segment extends ByteRange {
  marker: number;
  payload: Buffer;
}

/**
 * Adds the packet after the JFIF and Exif segments, which their specs want first; an XMP packet
 * already there (and its extension segments) is replaced, since a file may carry only one.
 */
export function withJpegXmp(jpeg: Buffer, xmp: string): Buffer {
  return Buffer.concat(jpegXmpPieces(jpeg, xmp));
}

/** withJpegXmp as pieces (splice.ts). */
export function jpegXmpPieces(jpeg: Buffer, xmp: string): Buffer[] {
  const packet = Buffer.from(xmp, "utf8");
  const length = 2 + STANDARD_XMP.length + packet.length;
  if (length > SEGMENT_MAX) throw new Error(`An XMP packet of ${packet.length} bytes does not fit one JPEG segment.`);
  const segment = Buffer.alloc(2 + length);
  segment.writeUInt16BE(0xff00 | APP1, 0);
  segment.writeUInt16BE(length, 2);
  STANDARD_XMP.copy(segment, 4);
  packet.copy(segment, 4 + STANDARD_XMP.length);

  const segments = headerSegments(jpeg);
  let insertAt = 2;
  for (const each of segments) {
    const leads = each.marker === APP0 || (each.marker === APP1 && startsWith(each.payload, EXIF));
    if (!leads || each.start !== insertAt) break;
    insertAt = each.end;
  }
  const replaced = segments.filter(
    (each) => each.marker === APP1 && (startsWith(each.payload, STANDARD_XMP) || startsWith(each.payload, EXTENDED_XMP)),
  );
  return splicePieces(jpeg, insertAt, [segment], replaced);
}

/** The marker segments between SOI and the first scan; what follows SOS is image data. */
export function headerSegments(jpeg: Buffer): Segment[] {
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new Error("Not a JPEG: SOI is missing.");
  const segments: Segment[] = [];
  let offset = 2;
  while (offset + 4 <= jpeg.length) {
    if (jpeg[offset] !== 0xff) throw new Error("Not a JPEG: expected a marker.");
    // Any number of 0xFF fill bytes may precede a marker.
    let markerAt = offset + 1;
    while (jpeg[markerAt] === 0xff && markerAt < jpeg.length - 1) markerAt += 1;
    const marker = jpeg[markerAt] ?? 0;
    if (marker === SOS) return segments;
    if (markerAt + 3 > jpeg.length) break;
    const length = jpeg.readUInt16BE(markerAt + 1);
    const end = markerAt + 1 + length;
    if (length < 2 || end > jpeg.length) throw new Error("Not a JPEG: a segment runs past the end of the file.");
    segments.push({ marker, start: offset, end, payload: jpeg.subarray(markerAt + 3, end) });
    offset = end;
  }
  throw new Error("Not a JPEG: no image data.");
}

function startsWith(bytes: Buffer, prefix: Buffer): boolean {
  return bytes.length >= prefix.length && bytes.subarray(0, prefix.length).equals(prefix);
}
