/**
 * Every way a generation can fail, the one sentence a person sees for it, and whether trying again
 * can help. Components never write their own error text; they show `message` from here.
 */
export const SEEDREAM_ERRORS = {
  unauthorized: {
    retryable: false,
    sentence:
      "The AI/ML API refused this studio's key: whoever runs the studio needs to set a valid AIMLAPI_KEY.",
  },
  out_of_credits: {
    retryable: false,
    sentence:
      "The AI/ML API account behind this studio is out of credits: whoever runs the studio needs to top up its balance.",
  },
  rate_limited: {
    retryable: true,
    sentence:
      "The AI/ML API is getting too many requests from this studio right now; wait a little and try again.",
  },
  invalid_request: {
    retryable: false,
    sentence: "The image service rejected the request as invalid.",
  },
  safety_rejected: {
    retryable: false,
    sentence:
      "The safety checker refused this prompt or image; change the wording or the inputs and try again.",
  },
  provider_error: {
    retryable: true,
    sentence: "The image service had an internal error; trying again usually works.",
  },
  provider_timeout: {
    retryable: true,
    sentence:
      "The image service took too long to answer; try again, perhaps with fewer or smaller images.",
  },
  network: {
    retryable: true,
    sentence:
      "The studio could not reach the image service; check the server's network connection and try again.",
  },
  bad_response: {
    retryable: true,
    sentence: "The image service sent back something that is not a usable image; try again.",
  },
  canceled: {
    retryable: true,
    sentence: "The generation was canceled.",
  },
} as const satisfies Record<string, { retryable: boolean; sentence: string }>;

export type SeedreamErrorCode = keyof typeof SEEDREAM_ERRORS;
