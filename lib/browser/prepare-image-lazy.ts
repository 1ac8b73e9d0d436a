/**
 * The picture preparation code (header reading, the Worker and its fallback) loads after the first
 * paint: nothing on the page needs it until a picture arrives.
 */
export const loadImagePreparation = () => import("./prepare-image");

/**
 * Loads that code and starts the worker once the page is idle, so the first picture added does not
 * wait for either. Answers how to call that off.
 */
export function warmUpImagePreparationWhenIdle(): () => void {
  const warmUp = () => void loadImagePreparation().then((preparation) => preparation.startPreparationWorker(), () => undefined);
  if (typeof requestIdleCallback === "undefined") {
    const timer = setTimeout(warmUp, 1_000);
    return () => clearTimeout(timer);
  }
  const handle = requestIdleCallback(warmUp, { timeout: 2_000 });
  return () => cancelIdleCallback(handle);
}
