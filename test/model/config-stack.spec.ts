import * as assert from "node:assert/strict";
import {
  parseGlobalConfig,
  parseRegionalConfig,
  parseStackConfig,
  parseTopology,
  regionalStackName,
} from "../../model/config";
import type { Topology } from "../../model/types";

const minimal = {
  environment: "dev",
  sites: [
    { id: "aws:us-east-1", cidr: "10.110.0.0/16", venues: ["NYSE"] },
    { id: "gcp:europe-west3", cidr: "10.150.0.0/20" },
  ],
  workloads: { portfolio: { sites: ["gcp:europe-west3"] }, trading: { sites: ["aws:us-east-1"] } },
  dns: { domain: "dev.example.com" },
};

const regional = {
  "tachyon:site": "aws:us-east-1",
  "tachyon:globalStack": "prod-global",
  "aws:region": "us-east-1",
};

describe("model/config", () => {
  describe("parseTopology", () => {
    it("fills each workload's defaults and numbers the sites in order", () => {
      const expected: Topology = {
        environment: "dev",
        sites: [
          {
            id: "aws:us-east-1",
            cloud: "aws",
            region: "us-east-1",
            cidr: "10.110.0.0/16",
            venues: ["NYSE"],
            index: 0,
          },
          {
            id: "gcp:europe-west3",
            cloud: "gcp",
            region: "europe-west3",
            cidr: "10.150.0.0/20",
            venues: [],
            index: 1,
          },
        ],
        workloads: [
          {
            kind: "trading",
            sites: ["aws:us-east-1"],
            warmInstances: 10,
            latencyBudgetMs: 15,
            dataClass: "confidential",
            memoryMb: 1769,
          },
          {
            kind: "portfolio",
            sites: ["gcp:europe-west3"],
            warmInstances: 2,
            latencyBudgetMs: 500,
            dataClass: "confidential",
            memoryMb: 3538,
          },
        ],
        databases: [],
        residency: {},
        dns: { domain: "dev.example.com" },
      };
      assert.deepEqual(parseTopology(minimal), { topology: expected });
    });

    it("reads the JSON text Pulumi hands a program the same as the object", () => {
      assert.deepEqual(parseTopology(JSON.stringify(minimal)), parseTopology(minimal));
    });

    it("rejects text that is not JSON", () => {
      assert.deepEqual(parseTopology("environment: dev"), {
        problems: [
          {
            path: "tachyon:topology",
            message: `is not a map, got "environment: dev". Write it as a YAML map with environment, sites and dns.`,
          },
        ],
      });
    });

    it("rejects a list in place of the map", () => {
      assert.deepEqual(parseTopology([]), {
        problems: [
          {
            path: "tachyon:topology",
            message:
              "must be a map with environment, sites and dns, got []. See the configuration reference in docs/configuration.md.",
          },
        ],
      });
    });

    it("reports every problem of a config at once, in config order", () => {
      const result = parseTopology({
        environment: "production",
        sites: [
          { id: "aws:us-east-1", cidr: "10.10.0.0/16" },
          { id: "aws:us-east-1", cidr: "10.10.0.0/24" },
        ],
        workloads: { trading: { sites: ["aws:us-east-1"], warmInstances: -1 } },
        dns: {},
      });
      assert.ok("problems" in result);
      assert.deepEqual(
        result.problems.map((p) => p.path),
        [
          "tachyon:topology.environment",
          "tachyon:topology.sites[1].id",
          "tachyon:topology.sites[1].cidr",
          "tachyon:topology.workloads.trading.warmInstances",
          "tachyon:topology.dns.domain",
        ],
      );
      assert.equal(
        result.problems[2].message,
        "10.10.0.0/24 overlaps 10.10.0.0/16 of aws:us-east-1. Give each site its own range such as 10.0.0.0/24.",
      );
    });

    it("reports __proto__ keys (as JSON.parse keeps them) as unknown keys, never dropping them", () => {
      const raw = JSON.parse(
        JSON.stringify(minimal)
          .replace('"environment"', '"__proto__":{"sites":[]},"environment"')
          .replace(
            '"id":"aws:us-east-1"',
            '"__proto__":{"cidr":"10.0.0.0/8"},"id":"aws:us-east-1"',
          ),
      ) as unknown;
      const result = parseTopology(raw);
      assert.ok("problems" in result);
      assert.deepEqual(result.problems, [
        {
          path: "tachyon:topology.sites[0].__proto__",
          message:
            'is not a known key, got "__proto__". Remove it or use one of: id, cidr, venues.',
        },
        {
          path: "tachyon:topology.__proto__",
          message:
            'is not a known key, got "__proto__". Remove it or use one of: environment, sites, workloads, databases, residency, dns, directConnect.',
        },
      ]);
    });
  });

  describe("parseStackConfig", () => {
    it("tells a global stack from a regional one", () => {
      const global = parseStackConfig({ "tachyon:topology": minimal, "aws:region": "us-east-1" });
      assert.equal("kind" in global && global.kind, "global");
      assert.deepEqual(parseStackConfig(regional), {
        kind: "regional",
        regional: {
          site: "aws:us-east-1",
          cloud: "aws",
          region: "us-east-1",
          globalStack: "prod-global",
          stackPrefix: "",
          options: {},
        },
      });
    });

    const bad: [string, Record<string, unknown>, { path: string; message: string }[]][] = [
      [
        "neither tachyon:topology nor tachyon:site",
        { "aws:region": "us-east-1" },
        [
          {
            path: "tachyon:topology",
            message: `is required unless "tachyon:site" is set, got nothing. A global stack sets "tachyon:topology"; a regional stack sets "tachyon:site" and "tachyon:globalStack".`,
          },
        ],
      ],
      [
        "both tachyon:topology and tachyon:site",
        { "tachyon:topology": minimal, ...regional },
        [
          {
            path: "tachyon:site",
            message: `cannot be set together with "tachyon:topology", got "aws:us-east-1". Keep "tachyon:topology" in the global stack and "tachyon:site" in each regional stack.`,
          },
        ],
      ],
      [
        "a misspelt tachyon key",
        { ...regional, "tachyon:globalstack": "prod-global" },
        [
          {
            path: "tachyon:globalstack",
            message: `is not a Tachyon config key, got "tachyon:globalstack". Did you mean "tachyon:globalStack"?`,
          },
        ],
      ],
      [
        "tachyon:globalStack in a global stack",
        { "tachyon:topology": minimal, "tachyon:globalStack": "dev-global" },
        [
          {
            path: "tachyon:globalStack",
            message: `belongs in regional stacks only, got "dev-global". Remove it from the global stack.`,
          },
        ],
      ],
      [
        "a site outside the catalog",
        { ...regional, "tachyon:site": "aws:us-east-7", "aws:region": "us-east-7" },
        [
          {
            path: "tachyon:site",
            message: `names no aws region in the catalog, got "aws:us-east-7". Did you mean aws:us-east-1, aws:us-east-2, aws:ap-east-1?`,
          },
        ],
      ],
      [
        "no global stack",
        { "tachyon:site": "aws:us-east-1", "aws:region": "us-east-1" },
        [
          {
            path: "tachyon:globalStack",
            message: `is required in a regional stack, got nothing. Name the environment's global stack, e.g. "prod-global" or "org/tachyon/prod-global".`,
          },
        ],
      ],
      [
        "a global stack name with one slash",
        { ...regional, "tachyon:globalStack": "tachyon/prod-global" },
        [
          {
            path: "tachyon:globalStack",
            message: `is not a stack name, got "tachyon/prod-global". Use "<env>-global" or "<org>/<project>/<env>-global".`,
          },
        ],
      ],
      [
        "no provider region",
        { "tachyon:site": "gcp:asia-northeast1", "tachyon:globalStack": "prod-global" },
        [
          {
            path: "gcp:region",
            message: `is required so the provider deploys to gcp:asia-northeast1, got nothing. Add "gcp:region: asia-northeast1".`,
          },
        ],
      ],
      [
        "a provider region that disagrees with the site",
        { ...regional, "aws:region": "us-west-2" },
        [
          {
            path: "aws:region",
            message: `disagrees with tachyon:site aws:us-east-1, got "us-west-2". Set it to "us-east-1".`,
          },
        ],
      ],
      [
        "another cloud's region key only",
        {
          "tachyon:site": "azure:westeurope",
          "tachyon:globalStack": "prod-global",
          "aws:region": "westeurope",
        },
        [
          {
            path: "azure-native:location",
            message: `is required so the provider deploys to azure:westeurope, got nothing. Add "azure-native:location: westeurope".`,
          },
        ],
      ],
    ];
    for (const [name, config, problems] of bad) {
      it(`rejects ${name}`, () => {
        assert.deepEqual(parseStackConfig(config), { problems });
      });
    }

    it("accepts an org/project prefix and keeps it for sibling stacks", () => {
      const result = parseRegionalConfig({
        ...regional,
        "tachyon:globalStack": "acme/tachyon/prod-global",
      });
      assert.ok("regional" in result);
      assert.equal(result.regional.stackPrefix, "acme/tachyon/");
      assert.equal(
        regionalStackName(result.regional.stackPrefix, "prod", "aws:eu-west-2"),
        "acme/tachyon/prod-aws-eu-west-2",
      );
    });

    it("accepts Azure's display name for the location", () => {
      const result = parseRegionalConfig({
        "tachyon:site": "azure:westeurope",
        "tachyon:globalStack": "prod-global",
        "azure-native:location": "West Europe",
      });
      assert.ok("regional" in result);
      assert.equal(result.regional.region, "westeurope");
    });

    it("answers a regional config given to parseGlobalConfig with the missing topology", () => {
      assert.deepEqual(parseGlobalConfig(regional), {
        problems: [
          {
            path: "tachyon:topology",
            message: `is required in a global stack, got nothing. Move "tachyon:site" to a regional stack and set "tachyon:topology".`,
          },
        ],
      });
    });
  });
});
