import { serveSessionExport } from "@/lib/export/serve-export";

export async function GET() {
  return serveSessionExport();
}
