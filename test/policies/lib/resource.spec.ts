import assert from "node:assert/strict";
import fc from "fast-check";
import { unknownCheckingProxy } from "@pulumi/policy";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import {
  asArray,
  asNumber,
  cloudOfType,
  gcpRegionOfZone,
  known,
  normalizeAzureLocation,
  pathOf,
  regionOf,
  tagsOf,
} from "../../../policies/lib/resource";
import { provider } from "../harness";

describe("policies/lib/resource", () => {
  it("tells the cloud from the type token", () => {
    assert.deepEqual(
      [
        "aws:s3/bucket:Bucket",
        "azure-native:web:WebApp",
        "gcp:pubsub/topic:Topic",
        "pulumi:providers:gcp",
        "azure:storage/account:Account",
        "pulumi:providers:azure",
        "kubernetes:core/v1:Pod",
      ].map(cloudOfType),
      ["aws", "azure", "gcp", "gcp", "azure", "azure", undefined],
    );
  });

  it("lets a resource's own tags override its provider's default tags", () => {
    const aws = {
      type: "aws:s3/bucket:Bucket",
      props: { tags: { "data-class": "pii" } },
      provider: provider("pulumi:providers:aws", {
        defaultTags: JSON.stringify({ tags: { "data-class": "internal", team: "trading" } }),
      }),
    };
    assert.deepEqual(tagsOf(aws), { "data-class": "pii", team: "trading" });
  });

  it("reads GCP labels and the provider's default labels", () => {
    const gcp = {
      type: "gcp:storage/bucket:Bucket",
      props: { labels: { "latency-class": "critical" } },
      provider: provider("pulumi:providers:gcp", { defaultLabels: { env: "prod" } }),
    };
    assert.deepEqual(tagsOf(gcp), { env: "prod", "latency-class": "critical" });
  });

  const regionCases: [string, Parameters<typeof regionOf>[0], string | undefined][] = [
    [
      "an AWS resource's own region",
      { type: "aws:sqs/queue:Queue", props: { region: "eu-west-2" } },
      "eu-west-2",
    ],
    [
      "an AWS provider's region",
      {
        type: "aws:sqs/queue:Queue",
        props: {},
        provider: provider("pulumi:providers:aws", { region: "ap-northeast-1" }),
      },
      "ap-northeast-1",
    ],
    [
      "an Azure display name",
      { type: "azure-native:web:WebApp", props: { location: "Germany West Central" } },
      "germanywestcentral",
    ],
    [
      "a GCP zone",
      { type: "gcp:redis/instance:Instance", props: { zone: "europe-west3-b" } },
      "europe-west3",
    ],
    [
      "a GCP location in capitals",
      { type: "gcp:storage/bucket:Bucket", props: { location: "US-EAST4" } },
      "us-east4",
    ],
    [
      "nothing for other packages",
      { type: "random:index/randomId:RandomId", props: { region: "x" } },
      undefined,
    ],
  ];
  for (const [what, r, expected] of regionCases) {
    it(`reads ${what}`, () => assert.equal(regionOf(r), expected));
  }

  it("reads an unknown preview value as undefined instead of throwing", () => {
    const props = unknownCheckingProxy({
      region: unknownValue,
      nested: { size: unknownValue },
    }) as Record<string, unknown>;
    assert.equal(regionOf({ type: "aws:sqs/queue:Queue", props }), undefined);
    assert.equal(pathOf(props, "nested", "size"), undefined);
    assert.throws(
      () =>
        known(() => {
          throw new RangeError("not an unknown");
        }),
      RangeError,
    );
  });

  it("leaves out tags and list elements that are unknown during preview", () => {
    const props = unknownCheckingProxy({
      tags: { "latency-class": "critical", owner: unknownValue },
      replicas: [{ regionName: "eu-west-2" }, unknownValue],
    }) as Record<string, unknown>;
    assert.deepEqual(tagsOf({ type: "aws:dynamodb/table:Table", props }), {
      "latency-class": "critical",
    });
    assert.deepEqual(
      asArray(pathOf(props, "replicas")).map((r) => pathOf(r, "regionName")),
      ["eu-west-2", undefined],
    );
  });

  it("accepts numbers written as text", () => {
    assert.deepEqual(["15", 15, " ", "x", Number.NaN].map(asNumber), [
      15,
      15,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("normalises any spelling of an Azure location to the same code, idempotently", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("West Europe", "westeurope", "WEST-EUROPE", "west_europe"),
        (name) => {
          const code = normalizeAzureLocation(name);
          return code === "westeurope" && normalizeAzureLocation(code) === code;
        },
      ),
    );
  });

  it("maps every zone of a region to the region", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("us-east4", "europe-west3", "asia-southeast1", "northamerica-northeast2"),
        fc.constantFrom("a", "b", "c", "f"),
        (region, zone) =>
          gcpRegionOfZone(`${region}-${zone}`) === region && gcpRegionOfZone(region) === region,
      ),
    );
  });
});
