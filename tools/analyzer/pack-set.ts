/**
 * The started policy packs of one check and the config sets they run under. Every distinct list
 * of `--policy-pack-config` files (one per run, or one per environment for `tachyon start`) is
 * validated against every pack as soon as the packs are up, so a bad file fails the run before
 * any analysis; a pack is reconfigured only when the next stack needs another set.
 */
import type { ConfiguredPack } from "./analyze";
import {
  PolicyConfigError,
  reconcilePolicyConfig,
  unknownPolicyKeys,
  type PolicyConfigFile,
  type PolicySettings,
} from "./config";
import type { PolicyPack } from "./pack";

/** Packs ready for analysis. */
export class PackSet {
  private readonly current = new Map<PolicyPack, string>();

  private constructor(
    readonly packs: readonly PolicyPack[],
    private readonly settings: Map<string, Map<PolicyPack, Map<string, PolicySettings>>>,
  ) {}

  /**
   * Validates every config set against every pack; throws one {@link PolicyConfigError} listing
   * the problems of every pack and every file at once, as stack config problems are reported.
   * `sets` maps a key of the caller's choosing to the parsed files of that set; `known` as for
   * {@link reconcilePolicyConfig}.
   */
  static prepare(
    packs: readonly PolicyPack[],
    sets: ReadonlyMap<string, PolicyConfigFile[]>,
    warn?: (message: string) => void,
    known: Record<string, unknown> = {},
  ): PackSet {
    const settings = new Map<string, Map<PolicyPack, Map<string, PolicySettings>>>();
    const policies = packs.flatMap((p) => p.policies);
    const warned = new Set<string>();
    const problems: string[] = [];
    for (const [key, files] of sets) {
      for (const { file, key: policy } of unknownPolicyKeys(files, policies)) {
        const note = `${file}: "${policy}" names no policy of the selected packs; it is ignored.`;
        if (!warned.has(note)) warn?.(note);
        warned.add(note);
      }
      const bySet = new Map<PolicyPack, Map<string, PolicySettings>>();
      for (const pack of packs) {
        try {
          bySet.set(pack, reconcilePolicyConfig(pack.name, pack.policies, files, known));
        } catch (err) {
          if (!(err instanceof PolicyConfigError)) throw err;
          // Sets share files: a file's problem is listed once however many sets hold it.
          for (const line of err.message.split("\n"))
            if (!problems.includes(line)) problems.push(line);
        }
      }
      settings.set(key, bySet);
    }
    if (problems.length > 0) throw new PolicyConfigError(problems.join("\n"));
    return new PackSet(packs, settings);
  }

  /** Configures every pack for the given set (only those configured otherwise) and lists them. */
  async configureFor(key: string): Promise<ConfiguredPack[]> {
    const bySet = this.settings.get(key);
    if (bySet === undefined) throw new Error(`no policy config set "${key}" was prepared`);
    const configured: ConfiguredPack[] = [];
    for (const pack of this.packs) {
      const settings = bySet.get(pack) as Map<string, PolicySettings>;
      if (this.current.get(pack) !== key) {
        await pack.configure(settings);
        this.current.set(pack, key);
      }
      configured.push({
        pack,
        remediates: [...settings.values()].some((s) => s.level === "remediate"),
      });
    }
    return configured;
  }
}
