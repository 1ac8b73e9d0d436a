import type { EngineResult, ImageProvider } from "@/lib/server/engine/types";
import type { ProviderRequest } from "@/lib/shared/seedream/request";
import { validateBody } from "./body-validation";
import { parseFaults, requestToDraw } from "./faults";

/**
 * Pictures drawn before their calls arrive. A benchmark that measures the studio under many calls
 * at once tells the fake which calls will come (`POST /__fake/draw-ahead` with their bodies), so
 * the fake's own drawing, which on a shared two-core machine would otherwise take the cores the
 * studio is measured on, is done beforehand. A call with the same body is then answered with the
 * same pictures it would have drawn; any other call is drawn as usual.
 */
export interface DrawnAhead {
  /** The engine the fake answers with: drawings made ahead first, else the engine itself. */
  engine: ImageProvider;
  /** Draws each body's pictures not drawn yet (one at a time); throws on a body the fake would refuse. */
  draw(bodies: unknown[]): Promise<void>;
  counts(): { drawn: number; served: number; drawnOnArrival: number };
}

export function drawnAhead(engine: ImageProvider): DrawnAhead {
  const drawings = new Map<string, EngineResult>();
  let served = 0;
  let drawnOnArrival = 0;
  return {
    engine: {
      ...engine,
      async generate(request, options) {
        const ready = drawings.get(keyOf(request));
        if (ready) {
          served += 1;
          return ready;
        }
        drawnOnArrival += 1;
        return engine.generate(request, options);
      },
    },
    async draw(bodies) {
      for (const body of bodies) {
        const verdict = validateBody(body);
        if (!verdict.ok) throw new Error(`A body to draw ahead is not a valid call: ${verdict.detail}`);
        // The very request the fake's engine will be handed for this body.
        const request = requestToDraw(verdict.request, parseFaults(verdict.request.prompt));
        const key = keyOf(request);
        // A body asked for again (a benchmark's second round) is already drawn: the same pictures.
        if (!drawings.has(key)) drawings.set(key, await engine.generate(request));
      }
    },
    counts: () => ({ drawn: drawings.size, served, drawnOnArrival }),
  };
}

/** The request as canonical JSON: the same fields give the same key, whatever their order. */
function keyOf(request: ProviderRequest): string {
  return JSON.stringify(request, (_, value: unknown) =>
    value && typeof value === "object" && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)))
      : value,
  );
}
