/**
 * Policy configuration with defaults. `pulumi preview` fills a policy's config from its schema's
 * defaults, but other analyzer clients and direct calls may not, so every policy merges its own
 * defaults under what `getConfig` returns.
 */

/** Anything that can hand a policy its config (resource and stack validation args alike). */
export interface ConfigSource {
  getConfig<T extends object>(): T;
}

/** The policy's config: `defaults`, overridden by each key the user set. */
export function configOf<T extends object>(args: ConfigSource, defaults: T): T {
  const given = args.getConfig<Partial<T>>();
  const out = { ...defaults };
  for (const [k, v] of Object.entries(given)) {
    if (v !== undefined && k !== "enforcementLevel") (out as Record<string, unknown>)[k] = v;
  }
  return out;
}
