import { z } from "zod";
import { shareTopic } from "@/lib/server/events/bus";
import { eventStream } from "@/lib/server/events/event-stream";
import { notFoundResponse } from "@/lib/server/gallery/image-response";
import { mayReadShares } from "@/lib/server/shares/access";
import { openLink } from "@/lib/server/shares/read-share";
import { studio } from "@/lib/server/studio";

const lastSeen = z.string().regex(/^\d{1,20}$/).transform(Number).nullable();

/**
 * A shared board's changes as Server-Sent Events, on the link's own topic: reached with the token
 * alone (no visitor cookie), 404 once the link is revoked. The page redraws on each event.
 */
export async function GET(request: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await params;
  const given = lastSeen.safeParse(request.headers.get("last-event-id"));
  if (!(await mayReadShares())) return notFoundResponse();
  const { store, events } = await studio();
  const link = await openLink(store, token);
  if (!link || link.kind !== "board") return notFoundResponse();
  const stream = eventStream({
    bus: events,
    topic: shareTopic(link.id),
    lastSequence: given.success ? given.data : null,
    signal: request.signal,
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store, no-transform",
      "X-Accel-Buffering": "no",
    },
  });
}
