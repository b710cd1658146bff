/**
 * The started policy packs of one check and the config sets they run under. Every distinct list
 * of `--policy-pack-config` files (one per run, or one per environment for `tachyon start`) is
 * validated against every pack as soon as the packs are up, so a bad file fails the run before
 * any analysis; a pack is reconfigured only when the next stack needs another set.
 */
import type { ConfiguredPack } from "./analyze";
import {
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
   * Validates every config set against every pack; throws the first bad file's error.
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
    for (const [key, files] of sets) {
      for (const { file, key: policy } of unknownPolicyKeys(files, policies)) {
        const note = `${file}: "${policy}" names no policy of the selected packs; it is ignored.`;
        if (!warned.has(note)) warn?.(note);
        warned.add(note);
      }
      settings.set(
        key,
        new Map(
          packs.map((pack) => [
            pack,
            reconcilePolicyConfig(pack.name, pack.policies, files, known),
          ]),
        ),
      );
    }
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
