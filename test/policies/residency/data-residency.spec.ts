import assert from "node:assert/strict";
import { dataResidency } from "../../../policies/residency/data-residency";
import { provider, validate, withProp, type FixtureResource } from "../harness";

const config = { jurisdictions: { pii: ["EU", "GB"] } };

const table: FixtureResource = {
  type: "aws:dynamodb/table:Table",
  props: { region: "eu-west-2", tags: { "data-class": "pii" } },
};
const bucket: FixtureResource = {
  type: "aws:s3/bucket:Bucket",
  props: { tags: { "data-class": "pii" } },
  provider: provider("pulumi:providers:aws", { region: "eu-central-1" }),
};
const storage: FixtureResource = {
  type: "azure-native:storage:StorageAccount",
  props: { location: "West Europe", tags: { "data-class": "pii" } },
};
const gcsBucket: FixtureResource = {
  type: "gcp:storage/bucket:Bucket",
  props: { location: "EUROPE-WEST3", labels: { "data-class": "pii" } },
};

describe("data-residency", () => {
  for (const r of [table, bucket, storage, gcsBucket]) {
    it(`accepts a ${r.type} in an allowed jurisdiction`, async () => {
      assert.deepEqual(await validate(dataResidency, r, config), []);
    });
  }

  it("reports a table whose own region is outside the allowed jurisdictions", async () => {
    assert.deepEqual(
      await validate(dataResidency, withProp(table, "region", "us-east-1"), config),
      ['Resource with data-class "pii" must live in [EU, GB]; found us-east-1 (US).'],
    );
  });

  it("takes the region from the provider when the resource has none", async () => {
    const inUs = { ...bucket, provider: provider("pulumi:providers:aws", { region: "us-east-2" }) };
    assert.deepEqual(await validate(dataResidency, inUs, config), [
      'Resource with data-class "pii" must live in [EU, GB]; found us-east-2 (US).',
    ]);
  });

  it("normalises Azure display names before judging them", async () => {
    assert.deepEqual(
      await validate(dataResidency, withProp(storage, "location", "East US"), config),
      ['Resource with data-class "pii" must live in [EU, GB]; found eastus (US).'],
    );
  });

  it("reads GCP labels and lower-cases GCP locations", async () => {
    assert.deepEqual(
      await validate(dataResidency, withProp(gcsBucket, "location", "US-EAST4"), config),
      ['Resource with data-class "pii" must live in [EU, GB]; found us-east4 (US).'],
    );
  });

  it("places Cloud Storage multi-regions in their jurisdiction", async () => {
    assert.deepEqual(
      await validate(dataResidency, withProp(gcsBucket, "location", "EU"), config),
      [],
    );
    assert.deepEqual(await validate(dataResidency, withProp(gcsBucket, "location", "US"), config), [
      'Resource with data-class "pii" must live in [EU, GB]; found multi-region US (US).',
    ]);
  });

  it("judges both regions of a Cloud Storage dual-region", async () => {
    assert.deepEqual(
      await validate(dataResidency, withProp(gcsBucket, "location", "EUR4"), config),
      [],
    );
    assert.deepEqual(
      await validate(dataResidency, withProp(gcsBucket, "location", "NAM4"), config),
      [
        'Resource with data-class "pii" must live in [EU, GB]; found dual-region NAM4: us-central1 (US), us-east1 (US).',
      ],
    );
  });

  it("refuses a region the catalog cannot place", async () => {
    assert.deepEqual(
      await validate(dataResidency, withProp(table, "region", "eu-west-9"), config),
      [
        'Resource with data-class "pii" must live in [EU, GB]; found eu-west-9, which the region catalog does not place in a country.',
      ],
    );
  });

  it("reports an unknown data class", async () => {
    assert.deepEqual(
      await validate(dataResidency, withProp(table, "tags", { "data-class": "secret" }), config),
      [
        'Resource must carry a data-class tag of public, internal, confidential, pii; found "secret".',
      ],
    );
  });

  it("leaves classes without a rule unrestricted", async () => {
    const internal = withProp(
      withProp(table, "tags", { "data-class": "internal" }),
      "region",
      "us-east-1",
    );
    assert.deepEqual(await validate(dataResidency, internal, config), []);
  });

  it("judges classic azure, gen-1 Cloud Functions and Cloud Run v1 by their location", async () => {
    const classic = { ...storage, type: "azure:storage/account:Account" };
    const gen1 = {
      type: "gcp:cloudfunctions/function:Function",
      props: { region: "us-central1", labels: { "data-class": "pii" } },
    };
    const run1 = {
      type: "gcp:cloudrun/service:Service",
      props: { location: "europe-west1", metadata: { labels: { "data-class": "pii" } } },
    };
    assert.deepEqual(await validate(dataResidency, classic, config), []);
    assert.deepEqual(
      await validate(dataResidency, withProp(classic, "location", "eastus"), config),
      ['Resource with data-class "pii" must live in [EU, GB]; found eastus (US).'],
    );
    assert.deepEqual(await validate(dataResidency, gen1, config), [
      'Resource with data-class "pii" must live in [EU, GB]; found us-central1 (US).',
    ]);
    assert.deepEqual(await validate(dataResidency, run1, config), []);
    assert.deepEqual(
      await validate(dataResidency, withProp(run1, "location", "us-east1"), config),
      ['Resource with data-class "pii" must live in [EU, GB]; found us-east1 (US).'],
    );
  });
});
