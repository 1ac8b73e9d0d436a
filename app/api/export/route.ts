import { serveSessionExport } from "@/lib/server/export/serve-export";

export async function GET() {
  return serveSessionExport();
}
