import assert from "node:assert/strict";
import fc from "fast-check";
import { azureName, type AzureNameKind } from "../../../components/naming/azure-name";
import {
  cloudRunServiceName,
  gcpCertificateName,
  gcpName,
  type GcpNameKind,
} from "../../../components/naming/gcp-name";
import { physicalName } from "../../../components/naming/physical-name";

describe("azureName", () => {
  it("joins tachyon, environment, region and role", () => {
    assert.equal(
      azureName("functionApp", "prod", "westeurope", "order"),
      "tachyon-prod-westeurope-order",
    );
  });
  it("drops hyphens and cuts storage account names to 24 characters with a hash", () => {
    assert.equal(azureName("storageAccount", "prod", "eastus", "fx"), "tachyonprodeastusfx");
    assert.equal(
      azureName("storageAccount", "prod", "westeurope", "order"),
      "tachyonprodwesteur5d4218",
    );
  });
  it("keeps two long names apart after cutting", () => {
    const a = azureName("storageAccount", "prod", "westeurope", "order");
    const b = azureName("storageAccount", "prod", "westeurope", "orders");
    assert.notEqual(a, b);
  });
  it("always fits the kind's rules", () => {
    const limits: Record<AzureNameKind, number> = {
      resourceGroup: 90,
      storageAccount: 24,
      functionApp: 60,
      cosmosAccount: 44,
      namespace: 50,
      frontDoor: 46,
      generic: 80,
    };
    fc.assert(
      fc.property(
        fc.constantFrom(...(Object.keys(limits) as AzureNameKind[])),
        fc.array(fc.string({ minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 4 }),
        (kind, parts) => {
          const name = azureName(kind, ...parts);
          assert.ok(name.length <= limits[kind], `${name} longer than ${limits[kind]}`);
          assert.match(name, kind === "storageAccount" ? /^[a-z0-9]+$/ : /^[a-z0-9-]+$/);
          assert.equal(azureName(kind, ...parts), name);
        },
      ),
    );
  });
});

describe("gcpName", () => {
  it("keeps short names whole", () => {
    assert.equal(
      gcpName("cloudRun", "prod", "europe-west3", "order"),
      "tachyon-prod-europe-west3-order",
    );
  });
  it("cuts service account ids to 30 characters with a hash", () => {
    assert.equal(
      gcpName("serviceAccount", "prod", "order", "europe-west3"),
      "tachyon-prod-order-euro-73e094",
    );
  });
  it("always yields a label that starts with a letter and fits the kind", () => {
    const limits: Record<GcpNameKind, number> = {
      resource: 63,
      cloudRun: 49,
      serviceAccount: 30,
      spanner: 30,
      bucket: 63,
    };
    fc.assert(
      fc.property(
        fc.constantFrom(...(Object.keys(limits) as GcpNameKind[])),
        fc.array(fc.string({ minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 4 }),
        (kind, parts) => {
          const name = gcpName(kind, ...parts);
          assert.ok(name.length <= limits[kind]);
          assert.match(name, /^[a-z][a-z0-9-]*[a-z0-9]$/);
        },
      ),
    );
  });
});

describe("physicalName", () => {
  it("keeps short names whole", () => {
    assert.equal(physicalName("prod", "eu-west-2", "alb", 32), "tachyon-prod-eu-west-2-alb");
  });

  it("cuts long names to the limit with a stable hash suffix that keeps them distinct", () => {
    const a = physicalName("prod", "ap-northeast-1", "portfolio-value", 32);
    const b = physicalName("prod", "ap-northeast-1", "portfolio-values", 32);
    assert.equal(a.length, 32);
    assert.match(a, /^tachyon-prod-ap-northea-[0-9a-f]{8}$/);
    assert.notEqual(a, b);
    assert.equal(physicalName("prod", "ap-northeast-1", "portfolio-value", 32), a);
  });
});

describe("cloudRunServiceName", () => {
  it("is the function's name at the site, cut to 49 characters with a hash", () => {
    assert.equal(
      cloudRunServiceName("prod", "europe-west3", "order"),
      "tachyon-prod-europe-west3-order",
    );
    assert.equal(
      cloudRunServiceName("staging", "northamerica-northeast1", "portfolio-valuation"),
      "tachyon-staging-northamerica-northeast1-po-4d3ec2",
    );
  });
});

describe("gcpCertificateName", () => {
  it("is the base name and a hash of the domain", () => {
    assert.equal(
      gcpCertificateName("tachyon-prod", "api.trade.example.com"),
      "tachyon-prod-31d715",
    );
    assert.equal(
      gcpCertificateName("tachyon-prod", "gcp.api.trade.example.com"),
      "tachyon-prod-906ad4",
    );
    assert.equal(
      gcpCertificateName("tachyon-prod", "api.trade.example.net"),
      "tachyon-prod-10b45d",
    );
  });

  it("cuts a long base name so that the name fits 63 characters and keeps the hash", () => {
    const name = gcpCertificateName(`tachyon-${"a".repeat(53)}-b-c`, "api.trade.example.com");
    assert.equal(name, `tachyon-${"a".repeat(48)}-31d715`);
    assert.equal(name.length, 63);
  });
});
