"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { config } from "@/lib/shared/zod";

// Zod probes for eval (`new Function`) before its first object parse; under the page's CSP that probe
// is refused and reported as a violation. Without JIT it never probes, and a form's schemas are small.
config({ jitless: true });

export function Providers({ children }: { children: ReactNode }) {
  // One client per browser session; created in state so a re-render never drops the cache.
  const [client] = useState(
    () => new QueryClient({ defaultOptions: { mutations: { retry: false }, queries: { staleTime: 30_000 } } }),
  );
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
