/**
 * A first-come-first-served allowance of some amount (bytes of decoded pixels, or plain slots):
 * work waits until what it needs is free, and a newcomer never takes what the head of the line
 * waits for. A piece larger than the whole allowance still runs, alone, so nothing waits forever.
 */
export interface Allowance {
  /** Resolves once `amount` is reserved; call the returned function (once) to give it back. */
  reserve(amount: number): Promise<() => void>;
  /** Reserves `amount`, runs `work`, and gives the amount back however `work` ends. */
  run<T>(amount: number, work: () => Promise<T>): Promise<T>;
}

export function createAllowance(capacity: number): Allowance {
  if (!(capacity > 0)) throw new RangeError(`An allowance needs a positive capacity, not ${capacity}.`);
  let inUse = 0;
  const waiting: { amount: number; grant: () => void }[] = [];

  const fits = (amount: number) => inUse === 0 || inUse + amount <= capacity;
  const grantWaiting = () => {
    while (waiting.length > 0 && fits(waiting[0]!.amount)) {
      const next = waiting.shift()!;
      inUse += next.amount;
      next.grant();
    }
  };

  const reserve = async (requested: number): Promise<() => void> => {
    const amount = Math.min(Math.max(requested, 0), capacity);
    if (waiting.length === 0 && fits(amount)) inUse += amount;
    else await new Promise<void>((grant) => waiting.push({ amount, grant }));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      inUse -= amount;
      grantWaiting();
    };
  };

  return {
    reserve,
    async run(amount, work) {
      const release = await reserve(amount);
      try {
        return await work();
      } finally {
        release();
      }
    },
  };
}
