import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { keepOutputs, reusedOutputs } from "../../../tools/engine/outputs-cache";
import type { Project } from "../../../tools/engine/project";
import { signatureOf, type RunInputs } from "../../../tools/engine/run-inputs";
import type { RunRequest, StackOutputs } from "../../../tools/engine/types";

const OUTPUTS: StackOutputs = { outputs: { vpcId: "vpc-1" }, secretOutputNames: [] };
const PEER: StackOutputs = { outputs: { region: "us-east-1" }, secretOutputNames: [] };
const ENV = { HOME: "/home/u", PATH: "/usr/bin" };

describe("tools/engine/outputs-cache", () => {
  let dir: string;
  let previous: string | undefined;
  let project: Project;
  let input: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "tachyon-outputs-cache-"));
    previous = process.env["TACHYON_CACHE_DIR"];
    process.env["TACHYON_CACHE_DIR"] = path.join(dir, "cache");
    project = { dir, stacksDir: dir, name: "p", program: dir } as Project;
    input = path.join(dir, "index.ts");
    fs.writeFileSync(input, "export const x = 1;");
  });
  afterEach(() => {
    if (previous === undefined) delete process.env["TACHYON_CACHE_DIR"];
    else process.env["TACHYON_CACHE_DIR"] = previous;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function request(change: Partial<RunRequest> = {}): RunRequest {
    return {
      projectDir: dir,
      program: dir,
      project: "p",
      stack: "dev-global",
      config: { "p:size": "1" },
      secretKeys: [],
      providerConfig: {},
      stackOutputs: { "dev-peer": PEER },
      mocks: { invokes: {}, stacks: {} },
      ...change,
    };
  }

  function inputs(): RunInputs {
    return { repeatable: true, files: [[input, signatureOf(input)]] };
  }

  it("gives back the outputs of a run on the same inputs, with the stacks it read", () => {
    keepOutputs(project, "dev-global", request(), ["dev-peer"], inputs(), OUTPUTS, ENV);
    assert.deepEqual(reusedOutputs(project, "dev-global", request(), ENV), {
      outputs: OUTPUTS,
      references: ["dev-peer"],
      files: 1,
    });
    assert.equal(reusedOutputs(project, "dev-other", request(), ENV), undefined);
  });

  it("reuses nothing when the request, the environment or the outputs read differ", () => {
    keepOutputs(project, "dev-global", request(), ["dev-peer"], inputs(), OUTPUTS, ENV);
    const other = { outputs: { region: "eu-west-1" }, secretOutputNames: [] };
    for (const [req, env] of [
      [request({ config: { "p:size": "2" } }), ENV],
      [request({ secretKeys: ["p:size"] }), ENV],
      [request({ mocks: { invokes: { "aws:x": {} }, stacks: {} } }), ENV],
      [request({ stackOutputs: { "dev-peer": other } }), ENV],
      [request({ stackOutputs: {} }), ENV],
      [request(), { ...ENV, AWS_REGION: "eu-west-1" }],
    ] as const)
      assert.equal(reusedOutputs(project, "dev-global", req, env), undefined);
    // Outputs of stacks the program did not read do not matter.
    const more = request({ stackOutputs: { "dev-peer": PEER, "dev-app": other } });
    assert.notEqual(reusedOutputs(project, "dev-global", more, ENV), undefined);
  });

  it("reuses nothing once a file the program read has changed or gone", () => {
    keepOutputs(project, "dev-global", request(), [], inputs(), OUTPUTS, ENV);
    fs.writeFileSync(input, "export const x = 22;");
    assert.equal(reusedOutputs(project, "dev-global", request(), ENV), undefined);
    keepOutputs(project, "dev-global", request(), [], inputs(), OUTPUTS, ENV);
    fs.rmSync(input);
    assert.equal(reusedOutputs(project, "dev-global", request(), ENV), undefined);
  });

  it("forgets a stack whose last run cannot be repeated", () => {
    keepOutputs(project, "dev-global", request(), [], inputs(), OUTPUTS, ENV);
    const spawned: RunInputs = { repeatable: false, why: "the program started esbuild" };
    keepOutputs(project, "dev-global", request(), [], spawned, OUTPUTS, ENV);
    assert.equal(reusedOutputs(project, "dev-global", request(), ENV), undefined);
    assert.deepEqual(fs.readdirSync(path.join(dir, "cache", "outputs")), []);
  });

  it("takes an unreadable entry for none", () => {
    keepOutputs(project, "dev-global", request(), [], inputs(), OUTPUTS, ENV);
    const [entry] = fs.readdirSync(path.join(dir, "cache", "outputs"));
    fs.writeFileSync(path.join(dir, "cache", "outputs", entry), "{not json");
    assert.equal(reusedOutputs(project, "dev-global", request(), ENV), undefined);
  });
});
