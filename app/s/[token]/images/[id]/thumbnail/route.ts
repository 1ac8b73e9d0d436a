import { serveSharedImage } from "@/lib/server/shares/serve-shared-image";

export async function GET(request: Request, { params }: { params: Promise<{ token: string; id: string }> }) {
  return serveSharedImage(request, params, "thumbnail");
}
