import * as assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import * as path from "node:path";
import { main, usage } from "../../tools/cli";
import { capture } from "./commands/capture";

const BIN = path.join(__dirname, "..", "..", "bin", "tachyon.js");

describe("tachyon CLI dispatcher", () => {
  it("lists every subcommand in its usage", () => {
    for (const name of [
      "check",
      "latency",
      "plan",
      "regions",
      "start",
      "preview",
      "up",
      "destroy",
      "refresh",
    ]) {
      assert.match(usage(), new RegExp(`^  ${name} `, "m"));
    }
  });

  it("exits 2 and names the known commands for an unknown one", async () => {
    const out = await capture(main, ["deploy"]);
    assert.equal(out.code, 2);
    assert.match(
      out.stderr,
      /^tachyon: unknown command "deploy"\. Use one of: check, latency, plan, regions, start, preview, up, destroy, refresh\./,
    );
  });

  it("exits 2 with usage when no command is given, 0 for --help", async () => {
    assert.equal((await capture(main, [])).code, 2);
    const help = await capture(main, ["--help"]);
    assert.equal(help.code, 0);
    assert.equal(help.stdout, usage());
  });

  it("runs a TypeScript subcommand through bin/tachyon.js", () => {
    const json = execFileSync(
      process.execPath,
      [BIN, "latency", "--sites", "aws:us-east-1,venue:NYSE", "--format", "json"],
      {
        encoding: "utf8",
      },
    );
    const report = JSON.parse(json) as { unit: string; pairs: { from: string; to: string }[] };
    assert.equal(report.unit, "ms");
    assert.deepEqual(
      report.pairs.map((p) => [p.from, p.to]),
      [["aws:us-east-1", "venue:NYSE"]],
    );
  });

  it("passes the subcommand's exit code through bin/tachyon.js", () => {
    const r = spawnSync(process.execPath, [BIN, "latency", "--sites", "aws:nowhere-1"], {
      encoding: "utf8",
    });
    assert.equal(r.status, 2);
  });
});
