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
      <a
        href="#gallery"
        className="sr-only z-50 rounded-lg bg-zinc-900 px-3 py-2 text-sm font-medium text-white focus:not-sr-only focus:fixed focus:top-2 focus:left-2 dark:bg-zinc-100 dark:text-zinc-900"
      >
        Skip to the gallery
      </a>
      <header className="sticky top-0 z-20 border-b border-zinc-200 bg-white/85 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/85">
        <div className="mx-auto flex max-w-[100rem] items-center justify-between gap-2 px-3 py-2 sm:gap-4 sm:px-4">
          <h1 className="flex min-w-0 shrink-0 items-center gap-2 text-base font-semibold tracking-tight">
            <img src="/icon.svg" alt="" width={28} height={28} className="size-7 shrink-0" />
            <span className="max-sm:sr-only">Seedream Studio</span>
          </h1>
          <div className="flex min-w-0 items-center gap-1.5 sm:gap-2">
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
