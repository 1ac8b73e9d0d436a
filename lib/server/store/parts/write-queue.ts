import "server-only";

/** Writes of one process, one after another, in the order they were asked for. */
export interface WriteQueue {
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Resolves once every write asked for so far has settled. */
  idle(): Promise<void>;
}

export function createWriteQueue(): WriteQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run(work) {
      const result = tail.then(work);
      // The next writer waits for this one to settle, whether it committed or rolled back.
      tail = result.catch(() => undefined);
      return result;
    },
    async idle() {
      await tail;
    },
  };
}
