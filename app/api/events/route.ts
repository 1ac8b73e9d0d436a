import { z } from "zod";
import { attempt } from "@/lib/server/action";
import { visitorTopic } from "@/lib/server/events/bus";
import { eventStream } from "@/lib/server/events/event-stream";
import { jsonAnswer } from "@/lib/server/http/json-answer";
import { currentVisitorId } from "@/lib/server/session";
import { studio } from "@/lib/server/studio";
import { fail, invalidInput } from "@/lib/shared/errors";

/** EventSource sends `Last-Event-ID` on its own reconnects; a page starting a new stream passes `?since=`. */
const lastSeen = z.string().regex(/^\d{1,20}$/, { error: "The last event id must be digits only." }).transform(Number).nullable();

/**
 * The visitor's changes as Server-Sent Events (see lib/server/events/event-stream.ts): what the page
 * learns finished jobs, uploads and deletes from, with no polling. Behind the passcode like every
 * /api route (the proxy answers 401 without a session).
 */
export async function GET(request: Request): Promise<Response> {
  const given = request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("since");
  const parsed = lastSeen.safeParse(given);
  if (!parsed.success) return jsonAnswer(request, fail(invalidInput(parsed.error)), "no-store");
  const opened = await attempt(async () => {
    const [{ events }, visitorId] = await Promise.all([studio(), currentVisitorId()]);
    return { events, visitorId };
  });
  if (!opened.ok) return jsonAnswer(request, opened, "no-store");
  const { events, visitorId } = opened.value;
  const stream = eventStream({ bus: events, topic: visitorTopic(visitorId), lastSequence: parsed.data, signal: request.signal });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      // no-transform keeps compression from buffering the stream; X-Accel-Buffering asks nginx not to either.
      "Cache-Control": "no-cache, no-transform",
      "X-Accel-Buffering": "no",
    },
  });
}
