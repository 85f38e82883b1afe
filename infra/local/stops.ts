/** What a local start has started, to stop in reverse order, every part tried even when another fails. */
export interface Stops {
  /** adds a part; it is stopped before every part added earlier */
  push(stop: () => Promise<void>): void;
  /** stops every part added, last first, once; their failures are thrown together */
  stopAll(): Promise<void>;
}

/** `what` names the whole in the error thrown when a part fails to stop. */
export function createStops(what: string): Stops {
  const parts: (() => Promise<void>)[] = [];
  return {
    push: (stop) => void parts.push(stop),
    async stopAll() {
      const errors: unknown[] = [];
      for (const stop of parts.splice(0).reverse()) {
        try {
          await stop();
        } catch (err) {
          errors.push(err);
        }
      }
      if (errors.length > 0) throw new AggregateError(errors, `stopping ${what} failed`);
    },
  };
}
