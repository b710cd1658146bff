import * as assert from "node:assert/strict";
import * as path from "node:path";
import {
  listStacks,
  ProjectError,
  readProject,
  readStackConfig,
  SECRET_PLACEHOLDER,
} from "../../../tools/engine/project";
import { SECRET_SIG, SIG_KEY } from "../../../tools/engine/wire";

const FIXTURE = path.join(__dirname, "..", "..", "fixtures", "project");

describe("tools/engine/project", () => {
  it("reads the project name, main program and stack folder from Pulumi.yaml", () => {
    const project = readProject(FIXTURE);
    assert.equal(project.name, "fixture");
    assert.equal(project.program, path.join(FIXTURE, "index.ts"));
    assert.equal(project.stacksDir, path.join(FIXTURE, "stacks"));
    assert.deepEqual(project.defaults, { "fixture:copies": 1 });
  });

  it("lets --stacks-dir override stackConfigDir", () => {
    assert.equal(readProject(FIXTURE, "/tmp/elsewhere").stacksDir, "/tmp/elsewhere");
  });

  it("lists the stacks that have a Pulumi.<stack>.yaml, sorted", () => {
    assert.deepEqual(listStacks(readProject(FIXTURE)), [
      "dev-app",
      "dev-bad",
      "dev-broken",
      "dev-global",
      "dev-orphan",
      "dev-probe",
      "prod-app",
      "prod-global",
    ]);
  });

  it("keeps secure values secret behind a placeholder and routes provider keys to provider config", () => {
    const config = readStackConfig(readProject(FIXTURE), "dev-global");
    assert.deepEqual(config.config, {
      "fixture:copies": "1",
      "fixture:role": "global",
      "fixture:apiKey": SECRET_PLACEHOLDER,
      "aws:region": "us-east-1",
    });
    assert.deepEqual(config.secretKeys, ["fixture:apiKey"]);
    assert.deepEqual(config.providerConfig, { aws: { region: "us-east-1" } });
  });

  it("lets stack config override project defaults and serializes numbers as the runtime expects", () => {
    const config = readStackConfig(readProject(FIXTURE), "prod-global");
    assert.equal(config.config["fixture:copies"], "10");
  });

  it("wraps a secure provider key as a secret in provider config", () => {
    const project = {
      ...readProject(FIXTURE),
      stacksDir: path.join(__dirname, "..", "..", "fixtures", "project-secrets"),
    };
    const config = readStackConfig(project, "dev");
    assert.deepEqual(config.providerConfig["aws"]["accessKey"], {
      [SIG_KEY]: SECRET_SIG,
      value: SECRET_PLACEHOLDER,
    });
    assert.deepEqual(config.secretKeys, ["aws:accessKey", "fixture:nested"]);
    assert.equal(
      config.config["fixture:nested"],
      JSON.stringify({ user: "svc", password: SECRET_PLACEHOLDER }),
    );
  });

  it("names the folder and the fix when Pulumi.yaml is missing", () => {
    assert.throws(
      () => readProject("/tmp"),
      (err: Error) => {
        assert.ok(err instanceof ProjectError);
        assert.equal(
          err.message,
          "/tmp/Pulumi.yaml: no Pulumi project here, got a folder without Pulumi.yaml. Pass --project with the folder that holds Pulumi.yaml.",
        );
        return true;
      },
    );
  });
});
