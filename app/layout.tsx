import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import { THEME_SCRIPT } from "@/components/theme";
import "./globals.css";

const TITLE = "Seedream Studio";
const DESCRIPTION = "Generate, edit and refine images with Seedream v4.";

/**
 * A pasted link previews well (Open Graph, with an absolute image URL from the request's own host),
 * while search engines are asked to keep out: robots meta here and X-Robots-Tag on every response
 * (next.config.ts). No robots.txt Disallow, which would also stop the link-preview crawlers.
 */
export async function generateMetadata(): Promise<Metadata> {
  const requested = await headers();
  const host = requested.get("host");
  const protocol = requested.get("x-forwarded-proto") ?? "http";
  const base = host && /^[a-z0-9.:[\]-]+$/i.test(host) ? new URL(`${protocol === "https" ? "https" : "http"}://${host}`) : undefined;
  return {
    metadataBase: base,
    title: TITLE,
    description: DESCRIPTION,
    applicationName: TITLE,
    robots: { index: false, follow: false },
    icons: {
      icon: [
        { url: "/icon.svg", type: "image/svg+xml" },
        { url: "/favicon-32.png", sizes: "32x32", type: "image/png" },
      ],
      apple: [{ url: "/apple-touch-icon.png", sizes: "180x180" }],
    },
    appleWebApp: { capable: true, title: "Seedream", statusBarStyle: "black-translucent" },
    openGraph: {
      type: "website",
      siteName: TITLE,
      title: TITLE,
      description: DESCRIPTION,
      images: [{ url: "/og-image.png", width: 1200, height: 630, alt: "Seedream Studio: generate, edit and refine images with Seedream v4." }],
    },
    twitter: { card: "summary_large_image", title: TITLE, description: DESCRIPTION, images: ["/og-image.png"] },
  };
}

export const viewport: Viewport = {
  // The docked composer sits above the phone's home bar.
  viewportFit: "cover",
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#fafafa" },
    { media: "(prefers-color-scheme: dark)", color: "#09090b" },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The proxy's per-request nonce; the CSP runs no inline script without it.
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    // The theme script sets the `dark` class before React hydrates, so the server's markup differs.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body className="font-sans">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
