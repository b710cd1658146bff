import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseStackConfig } from "../../../model/config";
import { TACHYON_ROOT } from "../../../tools/analyzer/run-check";
import {
  listStacks,
  ProjectError,
  readProject,
  readStackConfig,
  SECRET_PLACEHOLDER,
} from "../../../tools/engine/project";
import { isModuleProgram } from "../../../tools/engine/package-type";
import { SECRET_SIG, SIG_KEY } from "../../../tools/engine/wire";

const FIXTURE = path.join(__dirname, "..", "..", "fixtures", "project");

/** Tachyon's project over a fresh stacks folder holding `files`. */
function tachyonWith(files: Record<string, string>): ReturnType<typeof readProject> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tachyon-stacks-"));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return readProject(TACHYON_ROOT, dir);
}

function projectError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ProjectError, String(err));
    return err.message;
  }
  assert.fail("expected a ProjectError");
}

describe("tools/engine/project", () => {
  it("reads the project name, main program and stack folder from Pulumi.yaml", () => {
    const project = readProject(FIXTURE);
    assert.equal(project.name, "fixture");
    assert.equal(project.program, path.join(FIXTURE, "index.ts"));
    assert.equal(project.stacksDir, path.join(FIXTURE, "stacks"));
    assert.deepEqual(project.defaults, { "fixture:copies": 1 });
  });

  it("reads the tsconfig and Node flags runtime.options names, else the folder's own tsconfig.json", () => {
    const dir = path.join(__dirname, "..", "..", "fixtures", "main-src");
    const { program, tsconfig, nodeArgs } = readProject(dir);
    assert.deepEqual(
      { program, tsconfig, nodeArgs },
      {
        program: path.join(dir, "src"),
        tsconfig: path.join(dir, "tsconfig.pulumi.json"),
        nodeArgs: ["--max-old-space-size=1024", "--require", "./env-defaults.js"],
      },
    );
    const plain = readProject(FIXTURE);
    assert.deepEqual(
      { tsconfig: plain.tsconfig, nodeArgs: plain.nodeArgs, typescript: plain.typescript },
      { tsconfig: path.join(FIXTURE, "tsconfig.json"), nodeArgs: [], typescript: undefined },
    );
  });

  it("reads runtime.options.typescript: false, which turns the host's TypeScript support off", () => {
    const off = readProject(path.join(__dirname, "..", "..", "fixtures", "typescript-off"));
    assert.equal(off.typescript, false);
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

  describe("hostile input", () => {
    it("refuses a package.json that is not a regular file rather than block on it", () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tachyon-fifo-project-"));
      try {
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: fifo\nruntime: nodejs\n");
        const pkg = path.join(dir, "package.json");
        execFileSync("mkfifo", [pkg]);
        assert.equal(
          projectError(() => readProject(dir)),
          `${pkg}: must be a regular file, got a named pipe (FIFO). Replace it with a plain text file.`,
        );
        assert.equal(isModuleProgram(dir), false);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it("names a stacks folder that is a file", () => {
      const file = path.join(FIXTURE, "Pulumi.yaml");
      assert.equal(
        projectError(() => listStacks(readProject(FIXTURE, file))),
        `${file}: the stacks folder must be a folder, got a file. Pass --stacks-dir with the folder holding Pulumi.<stack>.yaml.`,
      );
    });

    it("refuses stack names Pulumi refuses, every one at once", () => {
      const project = tachyonWith({
        "Pulumi....yaml": "",
        "Pulumi.a b$(id).yaml": "",
        "Pulumi.prod\u200f.yaml": "",
        "Pulumi.ok.yaml": "",
      });
      const file = (name: string): string => path.join(project.stacksDir, name);
      assert.equal(
        projectError(() => listStacks(project)),
        [
          `${file("Pulumi....yaml")}: stack name must use only letters, digits, "-", "_" and "." (at most 100, not only periods), got "..". Rename the file as Pulumi would name the stack.`,
          `${file("Pulumi.a b$(id).yaml")}: stack name must use only letters, digits, "-", "_" and "." (at most 100, not only periods), got "a b$(id)". Rename the file as Pulumi would name the stack.`,
          `${file("Pulumi.prod\u200f.yaml")}: stack name must use only letters, digits, "-", "_" and "." (at most 100, not only periods), got "prod\u200f". Rename the file as Pulumi would name the stack.`,
        ].join("\n"),
      );
    });

    it("refuses a stack with both a .yaml and a .yml file", () => {
      const project = tachyonWith({ "Pulumi.dev.yaml": "", "Pulumi.dev.yml": "" });
      assert.equal(
        projectError(() => listStacks(project)),
        `${project.stacksDir}: stack "dev" has two config files, got Pulumi.dev.yaml and Pulumi.dev.yml. Keep one of them.`,
      );
    });

    it("reports __proto__ as a config key without writing to Object.prototype", () => {
      const project = tachyonWith({ "Pulumi.dev.yaml": "config:\n  __proto__:polluted: yes\n" });
      assert.equal(
        projectError(() => readStackConfig(project, "dev")),
        `${path.join(project.stacksDir, "Pulumi.dev.yaml")}: "config.__proto__:polluted" is not a known config key, got "__proto__:polluted". Remove it: "__proto__" names no namespace or key.`,
      );
      assert.equal((Object.prototype as Record<string, unknown>)["polluted"], undefined);
      assert.throws(
        () => readStackConfig(project, "dev"),
        (err: ProjectError) => {
          assert.deepEqual(err.problems, [
            {
              path: "__proto__:polluted",
              message:
                'is not a known config key, got "__proto__:polluted". Remove it: "__proto__" names no namespace or key.',
            },
          ]);
          return true;
        },
      );
    });

    it("keeps a namespace named like an Object member as data", () => {
      const project = tachyonWith({ "Pulumi.dev.yaml": "config:\n  constructor:polluted: yes\n" });
      const config = readStackConfig(project, "dev");
      assert.deepEqual(config.providerConfig["constructor"], { polluted: "yes" });
      assert.equal((Object as unknown as Record<string, unknown>)["polluted"], undefined);
    });

    it("hands __proto__ inside the topology to the program, which reports it as unknown", () => {
      const project = tachyonWith({
        "Pulumi.dev.yaml":
          "config:\n  tachyon:topology:\n    environment: dev\n    __proto__: {sites: []}\n",
      });
      const config = readStackConfig(project, "dev");
      assert.equal(
        config.config["tachyon:topology"],
        '{"environment":"dev","__proto__":{"sites":[]}}',
      );
      const parsed = parseStackConfig(config.config);
      assert.ok("problems" in parsed);
      assert.deepEqual(
        parsed.problems.find((p) => p.path === "tachyon:topology.__proto__"),
        {
          path: "tachyon:topology.__proto__",
          message:
            'is not a known key, got "__proto__". Remove it or use one of: environment, sites, workloads, databases, residency, dns, directConnect.',
        },
      );
    });

    it("names the stack file whose aliases expand without bound", () => {
      // Seven levels of ten aliases: 11 + 111 + ... + 11111111 values plus the root, 12345678.
      const project = tachyonWith({
        "Pulumi.dev.yaml": `a: &a [x, x, x, x, x, x, x, x, x, x]\n${Array.from(
          { length: 6 },
          (_, i) =>
            `${"bcdefg"[i]}: &${"bcdefg"[i]} [${Array(10)
              .fill(i === 0 ? "*a" : `*${"bcdefg"[i - 1]}`)
              .join(", ")}]`,
        ).join("\n")}\n`,
      });
      assert.equal(
        projectError(() => readStackConfig(project, "dev")),
        `${path.join(project.stacksDir, "Pulumi.dev.yaml")}: YAML aliases expand to more than 100000 values, got 12345678. Write the values out instead of nesting aliases.`,
      );
    });
  });
});
