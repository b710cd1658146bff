import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  LATENCY_USAGE,
  renderLatencyText,
  run,
  topologiesIn,
  topologySiteIds,
} from "../../../tools/commands/latency";
import { capture } from "./capture";

const HEADER =
  "Estimated round-trip times (model: max(fibre floor, 0.85 ms per cloud host + 1.53 x fibre floor " +
  "over land + 1.32 x over submarine cable + 3.27 ms beyond the metro); median error 5.8% on the " +
  "172 published pairs it is fitted on; range p10-p90 x0.90-x1.21)\n";

function stacksDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tachyon-latency-"));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

const GLOBAL_PROD = `config:
  tachyon:topology:
    environment: prod
    sites:
      - id: aws:us-east-1
        cidr: 10.10.0.0/16
        venues: [NYSE]
      - id: azure:westeurope
        cidr: 10.30.0.0/16
`;
const GLOBAL_DEV = `config:
  tachyon:topology:
    environment: dev
    sites:
      - id: aws:us-east-1
        cidr: 10.50.0.0/16
      - id: gcp:europe-west3
        cidr: 10.60.0.0/16
`;
const REGIONAL = `config:
  tachyon:site: aws:us-east-1
  tachyon:globalStack: prod-global
  aws:region: us-east-1
`;

describe("tools/commands/latency", () => {
  it("prints the estimate for every pair of the given sites and venues as JSON", async () => {
    const r = await capture(run, [
      "--sites",
      "aws:us-east-1,azure:westeurope,venue:NYSE",
      "--format",
      "json",
    ]);
    assert.equal(r.code, 0);
    assert.equal(r.stderr, "");
    assert.deepEqual(JSON.parse(r.stdout), {
      unit: "ms",
      pairs: [
        // Latency model v2 (backbone graph, three sources, range): 96.1/11.2/90.8 ms before;
        // 89.6/9.2/84.6 ms before land and submarine fibre were fitted apart (the transatlantic
        // legs are submarine, 1.32; Ashburn-Mahwah is over land, 1.53).
        {
          from: "aws:us-east-1",
          to: "azure:westeurope",
          distanceKm: 6208,
          rttMs: 87.7,
          rttLowMs: 78.9,
          rttHighMs: 105.8,
        },
        {
          from: "aws:us-east-1",
          to: "venue:NYSE",
          distanceKm: 362,
          rttMs: 9.5,
          rttLowMs: 8.6,
          rttHighMs: 11.5,
        },
        {
          from: "azure:westeurope",
          to: "venue:NYSE",
          distanceKm: 5847,
          rttMs: 82.2,
          rttLowMs: 74,
          rttHighMs: 99.2,
        },
      ],
    });
  });

  it("prints a table with distance, estimate and floor as text by default", async () => {
    const r = await capture(run, ["--sites", "aws:us-east-1,azure:westeurope,venue:NYSE"]);
    assert.equal(r.code, 0);
    assert.equal(
      r.stdout,
      HEADER +
        "\n" +
        "from              to                distance km  rtt ms    range ms  floor ms\n" +
        "aws:us-east-1     azure:westeurope         6208    87.7  78.9-105.8      60.9\n" +
        "aws:us-east-1     venue:NYSE                362     9.5    8.6-11.5       3.5\n" +
        "azure:westeurope  venue:NYSE               5847    82.2   74.0-99.2      57.3\n",
    );
  });

  it("drops repeated ids and blanks in --sites", async () => {
    const r = await capture(run, [
      "--sites",
      "aws:us-east-1, aws:us-east-1,,gcp:us-east4",
      "--format",
      "json",
    ]);
    assert.deepEqual(JSON.parse(r.stdout), {
      unit: "ms",
      // One Ashburn campus: 1.7 ms (two cloud hosts), where the old single line said 5.9 ms.
      pairs: [
        {
          from: "aws:us-east-1",
          to: "gcp:us-east4",
          distanceKm: 0,
          rttMs: 1.7,
          rttLowMs: 1.5,
          rttHighMs: 2.1,
        },
      ],
    });
  });

  it("says there is nothing to estimate for a single site", async () => {
    const r = await capture(run, ["--sites", "gcp:asia-northeast1"]);
    assert.equal(r.code, 0);
    assert.equal(
      r.stdout,
      `${HEADER}\nOnly one site (gcp:asia-northeast1): no pairs to estimate.\n`,
    );
  });

  it("reads the sites of every global stack in the stacks dir, in file order, without duplicates", async () => {
    const dir = stacksDir({
      "Pulumi.prod-global.yaml": GLOBAL_PROD,
      "Pulumi.dev-global.yaml": GLOBAL_DEV,
      "Pulumi.prod-aws-us-east-1.yaml": REGIONAL,
      "Pulumi.yaml": "name: tachyon\nruntime: nodejs\n",
    });
    assert.deepEqual(topologySiteIds(dir), [
      "aws:us-east-1",
      "gcp:europe-west3",
      "azure:westeurope",
    ]);
    const r = await capture(run, ["--stacks-dir", dir, "--format", "json"]);
    assert.equal(r.code, 0);
    assert.deepEqual(
      (JSON.parse(r.stdout) as { pairs: { from: string; to: string }[] }).pairs.map(
        (p) => `${p.from} ${p.to}`,
      ),
      [
        "aws:us-east-1 gcp:europe-west3",
        "aws:us-east-1 azure:westeurope",
        "gcp:europe-west3 azure:westeurope",
      ],
    );
  });

  it("keeps each global stack's environment and sites apart", () => {
    const dir = stacksDir({
      "Pulumi.prod-global.yaml": GLOBAL_PROD,
      "Pulumi.dev-global.yaml": GLOBAL_DEV,
      "Pulumi.prod-aws-us-east-1.yaml": REGIONAL,
    });
    assert.deepEqual(topologiesIn(dir), [
      { stack: "dev-global", environment: "dev", sites: ["aws:us-east-1", "gcp:europe-west3"] },
      { stack: "prod-global", environment: "prod", sites: ["aws:us-east-1", "azure:westeurope"] },
    ]);
  });

  it("fails with exit 2 when the stacks dir holds no topology", async () => {
    const dir = stacksDir({ "Pulumi.prod-aws-us-east-1.yaml": REGIONAL });
    const r = await capture(run, ["--stacks-dir", dir]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, "");
    assert.equal(
      r.stderr,
      `tachyon latency: --stacks-dir: no global stack with tachyon:topology.sites, got "${dir}". ` +
        "Point --stacks-dir at the stacks, or pass --sites aws:us-east-1,azure:westeurope.\n",
    );
  });

  it("fails with exit 2 when the stacks dir does not exist", async () => {
    const r = await capture(run, ["--stacks-dir", "/nonexistent/stacks"]);
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr,
      'tachyon latency: --stacks-dir: cannot read the directory, got "/nonexistent/stacks". ' +
        "Pass the folder holding the Pulumi.<stack>.yaml files, or --sites.\n",
    );
  });

  it("fails with exit 2 naming a stack file that is not YAML", async () => {
    const dir = stacksDir({ "Pulumi.prod-global.yaml": "config: [unclosed\n" });
    const r = await capture(run, ["--stacks-dir", dir]);
    assert.equal(r.code, 2);
    assert.ok(
      r.stderr.startsWith(
        `tachyon latency: ${path.join(dir, "Pulumi.prod-global.yaml")}: not valid YAML, got `,
      ),
      r.stderr,
    );
  });

  const bad: [string[], string][] = [
    [
      ["--sites", "aws:us-east-7"],
      'tachyon latency: --sites: unknown aws region, got "aws:us-east-7". Did you mean aws:us-east-1, aws:us-east-2, aws:ap-east-1? Use a region code of the catalog (model/regions-data.ts).\n',
    ],
    [
      ["--sites", "aws:us-east-1,venue:nyse"],
      'tachyon latency: --sites: unknown venue, got "venue:nyse". Did you mean venue:NYSE? Venue codes are listed by "tachyon regions suggest --help".\n',
    ],
    [
      ["--sites", "ibm:us-south"],
      'tachyon latency: --sites: not a site id, got "ibm:us-south". Write "<cloud>:<region>" with cloud aws, azure, gcp (aws:us-east-1), or "venue:<CODE>" (venue:NYSE).\n',
    ],
    [
      ["--sites", "aws:us-east-1", "--format", "xml"],
      'tachyon latency: --format: unknown format, got "xml". Use text, json or svg.\n',
    ],
    [
      ["--sites", ","],
      'tachyon latency: --sites: empty list, got ",". Give comma-separated site ids.\n',
    ],
    [["--bogus"], "tachyon latency: Unknown option '--bogus'. Run \"tachyon latency --help\".\n"],
    [
      ["--sites"],
      "tachyon latency: Option '--sites <value>' argument missing. Run \"tachyon latency --help\".\n",
    ],
  ];
  for (const [argv, stderr] of bad) {
    it(`exits 2 with the fix for ${argv.join(" ")}`, async () => {
      const r = await capture(run, argv);
      assert.deepEqual(r, { code: 2, stdout: "", stderr });
    });
  }

  it("explains the model: its sources, leave-one-provider-out and cross-cloud validation", async () => {
    const r = await capture(run, ["--explain"]);
    assert.equal(r.code, 0);
    assert.equal(
      r.stdout,
      HEADER +
        "\nSources:\n" +
        "  Azure network round-trip latency statistics: P50, 30 days ending 2024-04-09 " +
        "(https://learn.microsoft.com/azure/networking/azure-network-latency)\n" +
        "  CloudPing, AWS Region Latency Matrix: P50, copy listing 2025 regions (https://cloudping.co/)\n" +
        "  IBM Cloud Docs, VPC network latency: mean, 3 Feb-3 Mar 2024 " +
        "(https://github.com/ibm-cloud-docs/vpc/blob/009bede4f2be2a4cdcbd27359cab8ecb76870fad/_include-segments/network-latency.md)\n" +
        "\nLeave-one-provider-out validation (fitted without the provider, tested on it):\n" +
        "held out  pairs  r land  r sea  h ms  median %  p90 %  below floor\n" +
        "azure        62    1.63   1.36  1.28       8.5   23.1            0\n" +
        "aws          65    1.46   1.28  3.67       8.3   20.3            0\n" +
        "ibm          45    1.55   1.32  3.68       4.5   14.4            0\n" +
        "\nSame metro: 29/32 published figures within 1 ms (worst 1.13 ms off).\n" +
        "\nCross-cloud validation (not fitted on): DoiT International, intercloud-throughput " +
        "(AWS to Google Cloud over public addresses): mean of 5 pings, 13-27 Jan 2022 " +
        "(https://github.com/doitintl/intercloud-throughput/blob/9a13dda4612ed216a148ea0f713db2b6e981a0a8/data/ok_results.csv)\n" +
        "29 pairs, median 15.7%, p90 38.8%, below floor 0; the model reads 9.7% low (median signed " +
        "error), 14 of 29 inside the range.\n",
    );
  });

  it("prints usage and exits 0 on --help", async () => {
    const r = await capture(run, ["--help"]);
    assert.deepEqual(r, { code: 0, stdout: LATENCY_USAGE, stderr: "" });
  });

  it("renders the same summary for the start command", async () => {
    const ids = ["aws:us-east-1", "azure:westeurope", "venue:NYSE"];
    const r = await capture(run, ["--sites", ids.join(",")]);
    assert.equal(renderLatencyText(ids), r.stdout);
    assert.throws(
      () => renderLatencyText(["aws:nowhere"]),
      /unknown aws region, got "aws:nowhere"/,
    );
  });
});
