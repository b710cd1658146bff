/**
 * Lazy, once-per-instance initialisation. A function instance serves many invocations, so SDK
 * clients, caches and connections are built on first use and then reused: the first request
 * pays for them once, warm requests never do, and an unused client never slows the cold start.
 */

/** A value built on first use and reused for the life of the instance. */
export interface Lazy<T> {
  /** The value, building it on the first call. */
  (): T;
  /** Whether it has been built. */
  readonly ready: boolean;
}

/** Wraps `factory` so that it runs at most once (until it throws: then the next call retries). */
export function lazy<T>(factory: () => T): Lazy<T> {
  let built = false;
  let value: T | undefined;
  const get = (): T => {
    if (!built) {
      value = factory();
      built = true;
    }
    return value as T;
  };
  Object.defineProperty(get, "ready", { get: () => built });
  return get as Lazy<T>;
}
