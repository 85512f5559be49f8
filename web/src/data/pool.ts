/** A queue for reads that must not all go at once. */

/**
 * At most `size` of the wrapped reads run at once; the rest wait their turn (a list of 50
 * follow-ups must not open 50 requests together).
 */
export function pool(size: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  const next = () => {
    if (running >= size) return;
    const go = waiting.shift();
    if (!go) return;
    running++;
    go();
  };
  return <T>(read: () => Promise<T>) =>
    () =>
      new Promise<T>((resolve, reject) => {
        waiting.push(() => {
          read()
            .then(resolve, reject)
            .finally(() => {
              running--;
              next();
            });
        });
        next();
      });
}
