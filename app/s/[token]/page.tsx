import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { cache } from "react";
import { SharedBoardLive } from "@/components/share/shared-board-live";
import { SharedImageFigure } from "@/components/share/shared-image-figure";
import { SharedLineage } from "@/components/share/shared-lineage";
import { mayReadShares } from "@/lib/server/shares/access";
import { openLink, readShare } from "@/lib/server/shares/read-share";
import { studio } from "@/lib/server/studio";
import type { ShareView } from "@/lib/shared/share-view";

interface SharePageProps {
  params: Promise<{ token: string }>;
}

/** One read per request, shared by the metadata and the page. */
const sharedView = cache(async (token: string): Promise<ShareView | null> => {
  await connection();
  if (!(await mayReadShares())) return null;
  const { store } = await studio();
  const link = await openLink(store, token);
  return link && readShare(store, link);
});

/** Chats fetch the preview from elsewhere, so its URL must be absolute: this request's own origin. */
async function originOf(): Promise<string> {
  const list = await headers();
  const host = list.get("x-forwarded-host") ?? list.get("host") ?? "localhost";
  return `${list.get("x-forwarded-proto") === "https" ? "https" : "http"}://${host}`;
}

export async function generateMetadata({ params }: SharePageProps): Promise<Metadata> {
  const view = await sharedView((await params).token);
  if (!view) return { title: "Link not found · Seedream Studio", robots: { index: false, follow: false } };
  const origin = await originOf();
  const preview = view.preview && { url: `${origin}${view.preview.thumbnailUrl}`, width: view.preview.width, height: view.preview.height };
  return {
    title: view.title,
    description: view.description,
    // A share link is for the people it was sent to, not for search engines.
    robots: { index: false, follow: false },
    referrer: "no-referrer",
    openGraph: { title: view.title, description: view.description, type: "website", siteName: "Seedream Studio", images: preview ? [preview] : [] },
    twitter: { card: preview ? "summary_large_image" : "summary", title: view.title, description: view.description },
  };
}

/** A read-only view of what one share link shows: no control here changes anything. */
export default async function SharePage({ params }: SharePageProps) {
  const { token } = await params;
  const view = await sharedView(token);
  if (!view) notFound();
  return (
    <div className="mx-auto flex min-h-dvh max-w-6xl flex-col gap-6 px-4 py-6">
      <header className="flex flex-col gap-1">
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Shared from Seedream Studio · view only</p>
        <h1 dir="auto" className="text-xl font-semibold tracking-tight">
          {view.kind === "board" ? view.boardName : view.kind === "lineage" ? "Lineage" : (view.image.prompt ?? "Uploaded picture")}
        </h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{view.description}</p>
      </header>
      <main>
        {view.kind === "image" && <SharedImageFigure image={view.image} large />}
        {view.kind === "lineage" && <SharedLineage lineage={view.lineage} prompts={view.prompts} />}
        {view.kind === "board" && (
          <>
            <SharedBoardLive token={token} />
            {view.images.length === 0 ? (
              <p className="text-zinc-600 dark:text-zinc-400">This board has no images yet; new ones show here as they are added.</p>
            ) : (
              <ul aria-label="Images on this board" className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-4">
                {view.images.map((image) => (
                  <li key={image.id}>
                    <SharedImageFigure image={image} />
                  </li>
                ))}
              </ul>
            )}
            {view.truncated && <p className="mt-4 text-sm text-zinc-600 dark:text-zinc-400">Only the newest images are shown.</p>}
          </>
        )}
      </main>
    </div>
  );
}
