/**
 * Sends one stack's resources through the policy packs as `pulumi preview --policy-pack` does:
 * per resource, `Remediate` (packs with a policy at "remediate"; the returned properties replace
 * the inputs) and then `Analyze` with the inputs; at the end, `AnalyzeStack` with every
 * resource's outputs, parent, dependencies and property dependencies. Providers are not analyzed
 * on their own; they travel with each resource as its `AnalyzerProviderResource`.
 */
import * as pb from "@pulumi/pulumi/proto/analyzer_pb";
import { downgradeResourceRefs } from "../engine/wire";
import type { RecordedResource, WireObject } from "../engine/types";
import type { Remediation, Violation } from "../report/types";
import { levelName, severityName, structFrom, type PolicyPack } from "./pack";

/** A pack with the settings it was configured with. */
export interface ConfiguredPack {
  readonly pack: PolicyPack;
  /** True when some policy of the pack is at "remediate". */
  readonly remediates: boolean;
}

/** What the packs said about one stack. */
export interface StackAnalysis {
  readonly violations: Violation[];
  readonly remediations: Remediation[];
}

interface ResourceAnalysis {
  readonly violations: Violation[];
  readonly remediations: Remediation[];
  /** Outputs after remediation, for AnalyzeStack. */
  readonly outputs: WireObject;
}

/** Identity of the stack for `ConfigureStack`. */
export interface StackIdentity {
  readonly project: string;
  readonly stack: string;
  readonly config: Record<string, string>;
  readonly secretKeys: string[];
}

const IN_FLIGHT = 16;

/** True for resources the engine analyzes on their own (not providers). */
export function isAnalyzed(r: RecordedResource): boolean {
  return !r.type.startsWith("pulumi:providers:");
}

/** Runs every pack over one stack. */
export async function analyzeStack(
  id: StackIdentity,
  resources: readonly RecordedResource[],
  packs: readonly ConfiguredPack[],
): Promise<StackAnalysis> {
  for (const { pack } of packs) await pack.configureStack(stackConfigureRequest(id));
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const analyzed = resources.filter(isAnalyzed);
  const perResource: ResourceAnalysis[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < analyzed.length) {
      const i = next++;
      perResource[i] = await analyzeResource(analyzed[i], byUrn, packs);
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, analyzed.length) }, worker));

  const violations = perResource.flatMap((r) => r.violations);
  const remediations = perResource.flatMap((r) => r.remediations);
  const stackResources = analyzed.map((r, i) => stackResource(r, perResource[i].outputs, byUrn));
  const urns = new Set(analyzed.map((r) => r.urn));
  for (const { pack } of packs) {
    const req = new pb.AnalyzeStackRequest();
    req.setResourcesList(stackResources);
    const res = await pack.analyzeStack(req);
    for (const d of res.getDiagnosticsList()) {
      // As the engine does: a diagnostic about no known resource is filed under the first one.
      const urn = urns.has(d.getUrn()) ? d.getUrn() : (analyzed[0]?.urn ?? "");
      violations.push(violation(pack, d, urn));
    }
  }
  return { violations, remediations };
}

async function analyzeResource(
  r: RecordedResource,
  byUrn: Map<string, RecordedResource>,
  packs: readonly ConfiguredPack[],
): Promise<{ violations: Violation[]; remediations: Remediation[]; outputs: WireObject }> {
  let inputs = downgradeResourceRefs(r.inputs) as WireObject;
  const remediations: Remediation[] = [];
  const violations: Violation[] = [];
  // Reads are not analyzed one by one; they appear only in AnalyzeStack.
  if (r.external) return { violations, remediations, outputs: r.outputs };
  for (const { pack, remediates } of packs) {
    if (!remediates) continue;
    const res = await pack.remediate(analyzeRequest(r, inputs, byUrn));
    for (const rem of res.getRemediationsList()) {
      const props = rem.getProperties();
      if (props === undefined) continue;
      inputs = props.toJavaScript();
      remediations.push({ pack: pack.name, policy: rem.getPolicyname(), urn: r.urn });
    }
  }
  const responses = await Promise.all(
    packs.map(({ pack }) =>
      pack.analyze(analyzeRequest(r, inputs, byUrn)).then((res) => ({ pack, res })),
    ),
  );
  for (const { pack, res } of responses)
    for (const d of res.getDiagnosticsList()) violations.push(violation(pack, d, r.urn));
  return {
    violations,
    remediations,
    outputs: remediations.length === 0 ? r.outputs : remediatedOutputs(r, inputs),
  };
}

// The provider would have received the remediated inputs: its outputs echo them.
function remediatedOutputs(r: RecordedResource, inputs: WireObject): WireObject {
  const computed = Object.fromEntries(Object.entries(r.outputs).filter(([k]) => !(k in r.inputs)));
  return { ...computed, ...inputs };
}

function analyzeRequest(
  r: RecordedResource,
  inputs: WireObject,
  byUrn: Map<string, RecordedResource>,
): pb.AnalyzeRequest {
  const req = new pb.AnalyzeRequest();
  req.setUrn(r.urn);
  req.setType(r.type);
  req.setName(r.name);
  req.setProperties(structFrom(inputs));
  req.setOptions(resourceOptions(r));
  const provider = providerResource(r, byUrn);
  if (provider !== undefined) req.setProvider(provider);
  return req;
}

function stackResource(
  r: RecordedResource,
  outputs: WireObject,
  byUrn: Map<string, RecordedResource>,
): pb.AnalyzerResource {
  const res = new pb.AnalyzerResource();
  res.setUrn(r.urn);
  res.setType(r.type);
  res.setName(r.name);
  res.setProperties(structFrom(downgradeResourceRefs(outputs) as WireObject));
  res.setOptions(resourceOptions(r));
  const provider = providerResource(r, byUrn);
  if (provider !== undefined) res.setProvider(provider);
  res.setParent(r.parent);
  res.setDependenciesList(r.dependencies);
  const deps = res.getPropertydependenciesMap();
  for (const [key, urns] of Object.entries(r.propertyDependencies)) {
    // The engine leaves out properties that depend on nothing.
    if (urns.length === 0) continue;
    const pd = new pb.AnalyzerPropertyDependencies();
    pd.setUrnsList(urns);
    deps.set(key, pd);
  }
  return res;
}

function resourceOptions(r: RecordedResource): pb.AnalyzerResourceOptions {
  const o = new pb.AnalyzerResourceOptions();
  o.setProtect(r.options.protect);
  o.setIgnorechangesList(r.options.ignoreChanges);
  if (r.options.deleteBeforeReplace !== undefined) {
    o.setDeletebeforereplace(r.options.deleteBeforeReplace);
    o.setDeletebeforereplacedefined(true);
  }
  o.setAdditionalsecretoutputsList(r.options.additionalSecretOutputs);
  o.setAliasesList(r.options.aliases);
  const t = new pb.AnalyzerResourceOptions.CustomTimeouts();
  t.setCreate(r.options.customTimeouts.create);
  t.setUpdate(r.options.customTimeouts.update);
  t.setDelete(r.options.customTimeouts.delete);
  o.setCustomtimeouts(t);
  o.setParent(r.parent);
  return o;
}

function providerResource(
  r: RecordedResource,
  byUrn: Map<string, RecordedResource>,
): pb.AnalyzerProviderResource | undefined {
  if (r.provider === "") return undefined;
  const provider = byUrn.get(r.provider.split("::").slice(0, -1).join("::"));
  if (provider === undefined) return undefined;
  const p = new pb.AnalyzerProviderResource();
  p.setUrn(provider.urn);
  p.setType(provider.type);
  p.setName(provider.name);
  p.setProperties(structFrom(provider.inputs));
  return p;
}

function stackConfigureRequest(id: StackIdentity): pb.AnalyzerStackConfigureRequest {
  const req = new pb.AnalyzerStackConfigureRequest();
  req.setStack(id.stack);
  req.setProject(id.project);
  req.setOrganization("organization");
  req.setDryRun(true);
  const config = req.getConfigMap();
  for (const [k, v] of Object.entries(id.config)) config.set(k, v);
  req.setConfigSecretKeysList(id.secretKeys);
  return req;
}

function violation(pack: PolicyPack, d: pb.AnalyzeDiagnostic, urn: string): Violation {
  const level = levelName(d.getEnforcementlevel());
  const policy = pack.policies.find((p) => p.name === d.getPolicyname());
  const severity = severityName(d.getSeverity());
  // The policy SDK prefixes the policy's description; the report lists descriptions separately.
  const description = d.getDescription();
  const message =
    description !== "" && d.getMessage().startsWith(`${description}\n`)
      ? d.getMessage().slice(description.length + 1)
      : d.getMessage();
  return {
    pack: d.getPolicypackname() || pack.name,
    policy: d.getPolicyname(),
    level: level === "advisory" ? "advisory" : "mandatory",
    severity: severity === "unspecified" ? (policy?.severity ?? severity) : severity,
    urn,
    message,
  };
}
