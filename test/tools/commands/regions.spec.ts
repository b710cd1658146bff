import * as assert from "node:assert/strict";
import { regionsUsage, run } from "../../../tools/commands/regions";
import { capture } from "./capture";

describe("tools/commands/regions", () => {
  it("names the closest region of each cloud to a venue, nearest first", async () => {
    const r = await capture(run, ["suggest", "--venue", "NYSE"]);
    // Latency model v2: 11.2/11.2/13.4 ms before (backbone path, no cloud host at the venue);
    // same order. 9.2/9.2/12.4 ms before terrestrial fibre got its own route inflation (1.53
    // against 1.37 for all fibre): these paths are all over land.
    assert.equal(r.code, 0);
    assert.equal(r.stderr, "");
    assert.equal(
      r.stdout,
      "Closest regions to NYSE (NYSE Mahwah data center, Mahwah, New Jersey), by estimated round-trip time:\n" +
        "\n" +
        "cloud  site                 city               country  rtt ms\n" +
        "aws    aws:us-east-1        Ashburn, Virginia  US          9.5\n" +
        "gcp    gcp:us-east4         Ashburn, Virginia  US          9.5\n" +
        "azure  azure:canadacentral  Toronto            CA         13.0\n",
    );
  });

  it("minimises the worst venue link within the allowed jurisdictions", async () => {
    const r = await capture(run, [
      "suggest",
      "--venue",
      "LSE",
      "--venue",
      "EUREX",
      "--allow",
      "eu",
    ]);
    // Latency model v2: the backbone graph has direct London-Paris, London-Amsterdam and
    // Amsterdam-Frankfurt routes, so Paris and Amsterdam beat Belgium (St. Ghislain and
    // Brussels reach London and Frankfurt through those metros); every link is 1-3 ms lower.
    // Land and sea inflation fitted apart: each link 0.3-0.4 ms higher (London-Amsterdam,
    // Paris-Frankfurt are terrestrial routes), same order.
    assert.equal(r.code, 0);
    assert.equal(
      r.stdout,
      "Closest regions within EU to LSE (LSEG data centre, London Docklands, London), EUREX (Equinix FR2, Frankfurt), by estimated round-trip time:\n" +
        "\n" +
        "cloud  site              city         country  LSE ms  EUREX ms  worst rtt ms\n" +
        "azure  azure:westeurope  Netherlands  NL          9.6       9.6           9.6\n" +
        "aws    aws:eu-west-3     Paris        FR          9.2      11.3          11.3\n" +
        "gcp    gcp:europe-west9  Paris        FR          9.2      11.3          11.3\n",
    );
  });

  it("prints JSON for one cloud, accepting a lower-case venue code", async () => {
    const r = await capture(run, [
      "suggest",
      "--venue",
      "lse",
      "--cloud",
      "aws",
      "--format",
      "json",
    ]);
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.stdout), {
      unit: "ms",
      venues: ["LSE"],
      allow: null,
      suggestions: [
        {
          cloud: "aws",
          region: "eu-west-2",
          site: "aws:eu-west-2",
          city: "London",
          country: "GB",
          // Latency model v2: one London metro, 8 km of metro fibre and one cloud host: 1 ms
          // where the single line said 6 ms.
          worstRttMs: 1,
          venues: [{ venue: "LSE", distanceKm: 8, rttMs: 1 }],
        },
      ],
    });
  });

  it("says which clouds have no allowed region", async () => {
    const r = await capture(run, [
      "suggest",
      "--venue",
      "ASX",
      "--cloud",
      "gcp",
      "--cloud",
      "azure",
      "--allow",
      "NZ",
    ]);
    // Latency model v2: 37.3 ms before; Sydney-Auckland is one backbone route. 33.4 ms before
    // land and sea were fitted apart: Sydney-Auckland is the Tasman cable (1.32 x its floor,
    // not one 1.37 for all fibre) and leaving the metro costs 3.27 ms, not 3.54.
    assert.equal(r.code, 0);
    assert.equal(
      r.stdout,
      "Closest regions within NZ to ASX (Australian Liquidity Centre, Gore Hill, Sydney), by estimated round-trip time:\n" +
        "\n" +
        "cloud  site                   city      country  rtt ms\n" +
        "azure  azure:newzealandnorth  Auckland  NZ         32.1\n" +
        "gcp: no region within NZ.\n",
    );
  });

  const bad: [string[], string][] = [
    [
      ["suggest", "--venue", "NYSX"],
      'tachyon regions: --venue: unknown venue, got "NYSX". Did you mean NYSE, ASX, NSE? Use one of: NYSE, NASDAQ, CBOE, CME, LSE, CBOEEU, ICE, EUREX, EURONEXT, JPX, SGX, HKEX, ASX, B3, NSE.\n',
    ],
    [
      ["suggest"],
      "tachyon regions: --venue: missing, got no venue. Give at least one, e.g. --venue NYSE (codes: NYSE, NASDAQ, CBOE, CME, LSE, CBOEEU, ICE, EUREX, EURONEXT, JPX, SGX, HKEX, ASX, B3, NSE).\n",
    ],
    [
      ["suggest", "--venue", "NYSE", "--cloud", "ibm"],
      'tachyon regions: --cloud: unknown cloud, got "ibm". Use aws, azure, gcp.\n',
    ],
    [
      ["suggest", "--venue", "NYSE", "--allow", "US,UK"],
      'tachyon regions: --allow: not a jurisdiction, got "UK". Use ISO 3166-1 alpha-2 country codes (US, GB, DE) or EU.\n',
    ],
    [
      ["suggest", "--venue", "NYSE", "--allow", ","],
      'tachyon regions: --allow: empty list, got ",". Give jurisdictions such as US,GB or EU.\n',
    ],
    [
      ["suggest", "--venue", "NYSE", "--format", "yaml"],
      'tachyon regions: --format: unknown format, got "yaml". Use text or json.\n',
    ],
    [
      ["suggest", "--venue", "NYSE", "--top", "3"],
      "tachyon regions: Unknown option '--top'. Run \"tachyon regions --help\".\n",
    ],
    [["list"], 'tachyon regions: unknown subcommand, got "list". Use "tachyon regions suggest".\n'],
  ];
  for (const [argv, stderr] of bad) {
    it(`exits 2 with the fix for ${argv.join(" ")}`, async () => {
      assert.deepEqual(await capture(run, argv), { code: 2, stdout: "", stderr });
    });
  }

  it("exits 2 with usage on stderr when the subcommand is missing", async () => {
    assert.deepEqual(await capture(run, []), {
      code: 2,
      stdout: "",
      stderr: `tachyon regions: missing subcommand. Use "tachyon regions suggest".\n\n${regionsUsage()}`,
    });
  });

  it("prints usage listing every venue and exits 0 on --help", async () => {
    for (const argv of [["--help"], ["suggest", "--help"]]) {
      assert.deepEqual(await capture(run, argv), { code: 0, stdout: regionsUsage(), stderr: "" });
    }
    assert.match(
      regionsUsage(),
      /\n {4}EUREX {5}Eurex and Xetra \(Deutsche Boerse\) \(Equinix FR2, Frankfurt\)\n/,
    );
  });
});
