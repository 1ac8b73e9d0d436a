"use client";

import { Component, type ComponentType, type ReactNode } from "react";

interface LazyPartProps {
  /** Shown instead when the part's script cannot be fetched: what the first paint drew, or nothing. */
  fallback?: ReactNode;
  children: ReactNode;
}

/**
 * A part of the page loaded after the first paint (the gallery's virtualiser, the drop zone, the
 * notices, the camera button). A connection lost just after the page arrived fails its script, and
 * without this the whole page would fall to the error screen; with it, only that part is missing
 * and the rest of the studio keeps working. Any other error is not this boundary's to hide.
 */
export class LazyPart extends Component<LazyPartProps, { error: Error | null }> {
  state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: Error } {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  componentDidCatch(error: unknown): void {
    if (isChunkLoadError(error)) console.error("A part of the page could not be loaded; the rest of the studio goes on without it.", error);
  }

  render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    if (!isChunkLoadError(error)) throw error;
    return this.props.fallback ?? null;
  }
}

/** The bundler's name for a script that could not be fetched. */
function isChunkLoadError(error: unknown): boolean {
  return error instanceof Error && (error.name === "ChunkLoadError" || /Failed to load chunk/.test(error.message));
}

/** A component loaded after the first paint, which shows nothing if its script cannot be fetched. */
export function withLazyPart<P extends object>(Part: ComponentType<P>): ComponentType<P> {
  function Guarded(props: P) {
    return (
      <LazyPart>
        <Part {...props} />
      </LazyPart>
    );
  }
  Guarded.displayName = `LazyPart(${Part.displayName ?? Part.name ?? "part"})`;
  return Guarded;
}
