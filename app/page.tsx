import { connection } from "next/server";
import { EngineBadge } from "@/components/studio/header/engine-badge";
import { ExportSessionButton } from "@/components/studio/header/export-session-button";
import { ShortcutsDialog } from "@/components/studio/shortcuts/shortcuts-dialog";
import { SignOutButton } from "@/components/studio/header/sign-out-button";
import { SpendLedger } from "@/components/studio/header/spend-ledger";
import { ThemeToggle } from "@/components/theme-toggle";
import { Studio } from "@/components/studio/studio";
import { imageProvider } from "@/lib/server/engine";
import { toGalleryPageView, type GalleryPageView } from "@/lib/shared/gallery/view";
import { isOwner, todaysLedger } from "@/lib/server/ledger";
import { passcodeGate } from "@/lib/server/passcode/gate";
import { knownVisitorId } from "@/lib/server/session";
import { studio } from "@/lib/server/studio";
import { signOut } from "./sign-in/actions";
import { OrganiseProvider } from "@/components/studio/boards/organise-context";
import { toBoardView } from "@/lib/server/shares/views";

const EMPTY_GALLERY: GalleryPageView = { items: [], nextCursor: null };

export default async function StudioPage() {
  // The engine and the gallery follow the server's state at request time, never the build's.
  await connection();
  const engine = imageProvider();
  const visitorId = await knownVisitorId();
  const { store } = await studio();
  // Opening the studio counts as coming back (retention, STUDIO_RETENTION_DAYS); written at most hourly.
  if (visitorId) await store.visitors.ensure(visitorId);
  const initialGallery = visitorId ? toGalleryPageView(await store.gallery.list(visitorId)) : EMPTY_GALLERY;
  const initialLedger = await todaysLedger(store, visitorId, { owner: await isOwner() });
  const initialBoards = visitorId ? (await store.boards.list(visitorId)).map(toBoardView) : [];

  return (
    <div className="flex min-h-dvh flex-col">
      <header className="border-b border-zinc-200 bg-white/80 dark:border-zinc-800 dark:bg-zinc-900/80">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3">
          <h1 className="text-lg font-semibold tracking-tight">Seedream Studio</h1>
          <div className="flex flex-wrap items-center gap-2">
            <SpendLedger initialLedger={initialLedger} engine={engine.id} />
            <EngineBadge engine={engine.id} label={engine.label} />
            <ExportSessionButton />
            <ShortcutsDialog />
            <ThemeToggle />
            {passcodeGate() && <SignOutButton action={signOut} />}
          </div>
        </div>
      </header>
      <OrganiseProvider initialBoards={initialBoards}>
        <Studio initialGallery={initialGallery} engine={engine.id} />
      </OrganiseProvider>
    </div>
  );
}
