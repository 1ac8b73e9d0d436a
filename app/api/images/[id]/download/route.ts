import { serveDownload } from "@/lib/server/export/serve-download";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  return serveDownload((await params).id);
}
