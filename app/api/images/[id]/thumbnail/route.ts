import { serveImage } from "@/lib/server/gallery/serve-image";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return serveImage(request, (await params).id, "thumbnail");
}
