/**
 * The response bodies AI/ML API documents for Seedream, copied from /work/shared/seedream-api.md §7
 * (which quotes the provider's docs, ellipses in the URLs included).
 */

/** `bytedance/seedream-v4-edit`: fal's passthrough (`images`, `seed`) plus an OpenAI-style `data`. */
export const V4_EDIT_FAL_PASSTHROUGH = {
  images: [
    {
      url: "https://v3b.fal.media/files/b/kangaroo/nHWHZ…_d54b….png",
      content_type: "image/png",
      file_name: "d54b….png",
      file_size: 1033237,
      width: null,
      height: null,
    },
  ],
  seed: 623004765,
  data: [
    {
      url: "https://v3b.fal.media/files/b/kangaroo/nHWHZ…_d54b….png",
      content_type: "image/png",
      file_name: "d54b….png",
      file_size: 1033237,
      width: null,
      height: null,
    },
  ],
  meta: { usage: { tokens_used: 63000 } },
};

/** `bytedance/seedream-4-5`: the declared shape, BytePlus-signed URL and `size` per item. */
export const SEEDREAM_4_5_DECLARED = {
  data: [
    {
      url: "https://cdn.aimlapi.com/bison/seedream-4-5/…jpeg?X-Tos-…&X-Tos-Expires=86400…",
      size: "2048x2048",
    },
  ],
  meta: { usage: { credits_used: 84000 } },
};

/** `bytedance/seedream-5-0-lite-preview`. */
export const SEEDREAM_5_0_LITE_DECLARED = {
  data: [{ url: "https://cdn.aimlapi.com/generations/bison/…jpeg", size: "2048x2048" }],
  meta: { usage: { credits_used: 91000 } },
};

/** `bytedance/uso`: fal fields plus `has_nsfw_concepts`, `prompt` and `timings`, as described in §7. */
export const USO_FAL_PASSTHROUGH = {
  images: [{ url: "https://cdn.aimlapi.com/eagle/files/uso-output.png", content_type: "image/png" }],
  data: [{ url: "https://cdn.aimlapi.com/eagle/files/uso-output.png", content_type: "image/png" }],
  seed: 1367947822,
  has_nsfw_concepts: [false],
  prompt: "a corgi in the style of the reference",
  timings: { inference: 10.547778039996047 },
  meta: { usage: { tokens_used: 63000 } },
};

/** A 1×1 transparent PNG, small enough to read in a test. */
export const TINY_PNG_BASE64 =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";
