import { config } from "zod/mini";
import en from "zod/v4/locales/en.js";

/**
 * The studio's schemas shared by the form, the server and the fake are written with `zod/mini`: the
 * same checks and messages as classic zod, as functions a bundler can leave out when unused, so the
 * page's first load carries only the validation it calls. One schema per contract still: the server
 * parses with these very objects.
 *
 * Mini has no messages of its own: a check without one of ours would read "Invalid input". Classic zod
 * sets this English locale the first time one of its schemas is made, and only when none is set; the
 * same rule here gives every process the same sentences, whichever kind of schema it makes first.
 */
if (!config().localeError) config(en());

// In the page, zod would probe for eval (`new Function`) before its first object parse; the page's
// CSP refuses that probe and reports it as a violation. Without JIT it never probes, and the page's
// schemas are small. Set here, so every page module that parses has it, whichever loads first.
if (typeof window !== "undefined") config({ jitless: true });

export * from "zod/mini";
