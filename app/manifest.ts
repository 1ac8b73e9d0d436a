import type { MetadataRoute } from "next";

/** Installs the studio to a phone's home screen, opening full-screen like an app. */
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: "Seedream Studio",
    short_name: "Seedream",
    description: "Generate, edit and refine images with Seedream v4.",
    start_url: "/",
    scope: "/",
    display: "standalone",
    orientation: "any",
    background_color: "#09090b",
    theme_color: "#0c4a6e",
    icons: [
      { src: "/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
      { src: "/icon.svg", sizes: "any", type: "image/svg+xml", purpose: "any" },
    ],
  };
}
