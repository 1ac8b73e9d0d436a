import "server-only";
import { randomBytes } from "node:crypto";
import type { Readable } from "node:stream";
import type { ImageMime } from "@/lib/shared/records";

/** One input image as the provider receives it, read from the store only while a request is sent. */
export interface InputImage {
  mime: ImageMime;
  /** The image's own bytes, not their base64. */
  size: number;
  /** A new stream of the bytes each time: every try of a call sends them again. */
  open(): Promise<Readable>;
}

/**
 * A 4096² input is megabytes; as a base64 data URL inside a JSON body it would be held three
 * times over per job (the string, the body, the bytes sent). Instead a request names each input by
 * a short stand-in data URL, which passes the request's schema, and the body is streamed with the
 * real data URL read from the store in its place (request-body.ts).
 */
export interface InputImages {
  /** The stand-ins, in the order the model sees the inputs. */
  readonly references: string[];
  get(reference: string): InputImage | undefined;
}

export function inputImages(images: readonly InputImage[]): InputImages {
  // A random tag per job: a stand-in can never be mistaken for a person's own data URL. The index is
  // zero-padded so every stand-in has one length: input 1's would otherwise begin input 10's.
  const tag = randomBytes(9).toString("hex");
  const byReference = new Map(
    images.map((image, index) => {
      const name = `studio-input-${tag}-${String(index).padStart(3, "0")}`;
      return [`data:${image.mime};base64,${Buffer.from(name).toString("base64")}`, image];
    }),
  );
  return { references: [...byReference.keys()], get: (reference) => byReference.get(reference) };
}

/** The length of `data:<mime>;base64,<base64 of size bytes>`. */
export function dataUrlLength(image: Pick<InputImage, "mime" | "size">): number {
  return dataUrlPrefix(image.mime).length + 4 * Math.ceil(image.size / 3);
}

export function dataUrlPrefix(mime: ImageMime): string {
  return `data:${mime};base64,`;
}
