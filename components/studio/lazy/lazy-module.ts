"use client";

import { useEffect, useState } from "react";

/**
 * A module the first paint does not need, fetched once right after it: the page's first load
 * carries less, and code that needs the module either waits for `load()` or reads `useLazyModule`
 * (null until it has arrived). A failed fetch is forgotten, so the next `load()` tries again.
 */
export interface LazyModule<T> {
  load(): Promise<T>;
  /** The module once it has arrived, or null. */
  current(): T | null;
}

export function lazyModule<T>(fetchModule: () => Promise<T>): LazyModule<T> {
  let loading: Promise<T> | null = null;
  let loaded: T | null = null;
  return {
    load() {
      loading ??= fetchModule().then(
        (module) => (loaded = module),
        (error: unknown) => {
          loading = null;
          throw error;
        },
      );
      return loading;
    },
    current: () => loaded,
  };
}

/** The module once it has arrived (asked for after the first paint), or null before. */
export function useLazyModule<T extends object>(module: LazyModule<T>): T | null {
  const [loaded, setLoaded] = useState<{ module: T } | null>(() => {
    const current = module.current();
    return current ? { module: current } : null;
  });
  useEffect(() => {
    if (loaded) return;
    let mounted = true;
    // A page that cannot fetch it now asks again at its next use (Generate waits for `load()`).
    module.load().then(
      (arrived) => mounted && setLoaded({ module: arrived }),
      () => undefined,
    );
    return () => {
      mounted = false;
    };
  }, [module, loaded]);
  return loaded?.module ?? null;
}
