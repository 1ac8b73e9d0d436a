import { whenIdle } from "./when-idle";

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
  return whenIdle(() => void loadImagePreparation().then((preparation) => preparation.startPreparationWorker(), () => undefined), 2_000, 1_000);
}
