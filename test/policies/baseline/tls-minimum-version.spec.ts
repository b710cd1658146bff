import assert from "node:assert/strict";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import {
  apiGatewayPolicyVersion,
  cloudfrontPolicyVersion,
  elbPolicyVersion,
  tlsMinimumVersion,
  tlsVersion,
} from "../../../policies/baseline/tls-minimum-version";
import { validate, withProp, type FixtureResource } from "../harness";

const fixtures: Record<string, FixtureResource> = {
  listener: {
    type: "aws:lb/listener:Listener",
    props: { protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" },
  },
  cloudfront: {
    type: "aws:cloudfront/distribution:Distribution",
    props: {
      viewerCertificate: {
        acmCertificateArn: "arn:aws:acm:us-east-1:1:certificate/x",
        minimumProtocolVersion: "TLSv1.2_2021",
        sslSupportMethod: "sni-only",
      },
    },
  },
  apiDomain: {
    type: "aws:apigateway/domainName:DomainName",
    props: { domainName: "api.example.com", securityPolicy: "TLS_1_2" },
  },
  elasticache: {
    type: "aws:elasticache/replicationGroup:ReplicationGroup",
    props: { transitEncryptionEnabled: true, transitEncryptionMode: "required" },
  },
  webApp: { type: "azure-native:web:WebApp", props: { siteConfig: { minTlsVersion: "1.2" } } },
  storage: { type: "azure-native:storage:StorageAccount", props: { minimumTlsVersion: "TLS1_2" } },
  cosmos: { type: "azure-native:cosmosdb:DatabaseAccount", props: { minimalTlsVersion: "Tls12" } },
  eventHubs: { type: "azure-native:eventhub:Namespace", props: { minimumTlsVersion: "1.2" } },
  serviceBus: { type: "azure-native:servicebus:Namespace", props: { minimumTlsVersion: "1.2" } },
  sslPolicy: {
    type: "gcp:compute/sSLPolicy:SSLPolicy",
    props: { minTlsVersion: "TLS_1_2", profile: "MODERN" },
  },
  httpsProxy: {
    type: "gcp:compute/targetHttpsProxy:TargetHttpsProxy",
    props: {
      urlMap: "projects/p/global/urlMaps/m",
      sslPolicy: "projects/p/global/sslPolicies/tls12",
    },
  },
};

/** The one input per fixture that decides the TLS version. */
const versionInput: Record<string, string> = {
  listener: "sslPolicy",
  cloudfront: "viewerCertificate.minimumProtocolVersion",
  apiDomain: "securityPolicy",
  elasticache: "transitEncryptionEnabled",
  webApp: "siteConfig.minTlsVersion",
  storage: "minimumTlsVersion",
  cosmos: "minimalTlsVersion",
  eventHubs: "minimumTlsVersion",
  serviceBus: "minimumTlsVersion",
  sslPolicy: "minTlsVersion",
  httpsProxy: "sslPolicy",
};

describe("tls-minimum-version", () => {
  for (const [kind, r] of Object.entries(fixtures)) {
    it(`accepts a ${kind} that refuses TLS before 1.2`, async () => {
      assert.deepEqual(await validate(tlsMinimumVersion, r), []);
    });
    it(`gives no violation for a ${kind} whose TLS setting is unknown during preview`, async () => {
      assert.deepEqual(
        await validate(tlsMinimumVersion, withProp(r, versionInput[kind], unknownValue)),
        [],
      );
    });
  }

  const cases: [string, string, string, unknown, string][] = [
    [
      "a listener on a TLS 1.0 policy",
      "listener",
      "sslPolicy",
      "ELBSecurityPolicy-2016-08",
      'Load balancer listener must use an sslPolicy that accepts TLS 1.2 or later only; found "ELBSecurityPolicy-2016-08".',
    ],
    [
      "an HTTPS listener without a policy",
      "listener",
      "sslPolicy",
      undefined,
      "Load balancer listener must use an sslPolicy that accepts TLS 1.2 or later only; found none (the AWS default for the API).",
    ],
    [
      "a CloudFront distribution on TLSv1.1_2016",
      "cloudfront",
      "viewerCertificate.minimumProtocolVersion",
      "TLSv1.1_2016",
      'CloudFront distribution must set viewerCertificate.minimumProtocolVersion to TLSv1.2_2021 or later; found "TLSv1.1_2016".',
    ],
    [
      "a CloudFront distribution on the default certificate",
      "cloudfront",
      "viewerCertificate",
      { cloudfrontDefaultCertificate: true },
      "CloudFront distribution must serve its own certificate with minimumProtocolVersion TLSv1.2_2021 or later; found the default CloudFront certificate, which accepts TLSv1.",
    ],
    [
      "an API Gateway domain on TLS 1.0",
      "apiDomain",
      "securityPolicy",
      "TLS_1_0",
      'API Gateway domain name must set securityPolicy to TLS 1.2 or later; found "TLS_1_0".',
    ],
    [
      "an API Gateway domain without a policy",
      "apiDomain",
      "securityPolicy",
      undefined,
      "API Gateway domain name must set securityPolicy to TLS 1.2 or later; found unset.",
    ],
    [
      "ElastiCache without transit encryption",
      "elasticache",
      "transitEncryptionEnabled",
      false,
      "ElastiCache replication group must set transitEncryptionEnabled to true; found false.",
    ],
    [
      "ElastiCache in preferred transit mode",
      "elasticache",
      "transitEncryptionMode",
      "preferred",
      'ElastiCache replication group must set transitEncryptionMode to "required"; found "preferred", which still accepts plaintext.',
    ],
    [
      "an App Service app on TLS 1.0",
      "webApp",
      "siteConfig.minTlsVersion",
      "1.0",
      'App Service app must set siteConfig.minTlsVersion to "1.2" or later; found "1.0".',
    ],
    [
      "a storage account on TLS 1.1",
      "storage",
      "minimumTlsVersion",
      "TLS1_1",
      'Storage account must set minimumTlsVersion to "TLS1_2" or later; found "TLS1_1".',
    ],
    [
      "a storage account without a minimum",
      "storage",
      "minimumTlsVersion",
      undefined,
      'Storage account must set minimumTlsVersion to "TLS1_2" or later; found unset.',
    ],
    [
      "a Cosmos DB account on TLS 1.0",
      "cosmos",
      "minimalTlsVersion",
      "Tls",
      'Cosmos DB account must set minimalTlsVersion to "Tls12"; found "Tls".',
    ],
    [
      "an Event Hubs namespace on TLS 1.1",
      "eventHubs",
      "minimumTlsVersion",
      "1.1",
      'Event Hubs namespace must set minimumTlsVersion to "1.2" or later; found "1.1".',
    ],
    [
      "a Service Bus namespace without a minimum",
      "serviceBus",
      "minimumTlsVersion",
      undefined,
      'Service Bus namespace must set minimumTlsVersion to "1.2" or later; found unset.',
    ],
    [
      "a GCP SSL policy on TLS 1.0",
      "sslPolicy",
      "minTlsVersion",
      "TLS_1_0",
      'SSL policy must set minTlsVersion to "TLS_1_2" or later; found "TLS_1_0".',
    ],
    [
      "a GCP HTTPS proxy without an SSL policy",
      "httpsProxy",
      "sslPolicy",
      undefined,
      "Target HTTPS proxy must reference an sslPolicy with minTlsVersion TLS_1_2 or later; found none, so Google's default policy accepts TLS 1.0.",
    ],
  ];
  for (const [what, kind, path, value, message] of cases) {
    it(`reports ${what}`, async () => {
      assert.deepEqual(await validate(tlsMinimumVersion, withProp(fixtures[kind], path, value)), [
        message,
      ]);
    });
  }

  it("passes platform defaults that are already TLS 1.2 (App Service, Cosmos DB)", async () => {
    assert.deepEqual(
      await validate(
        tlsMinimumVersion,
        withProp(fixtures.webApp, "siteConfig.minTlsVersion", undefined),
      ),
      [],
    );
    assert.deepEqual(
      await validate(tlsMinimumVersion, withProp(fixtures.cosmos, "minimalTlsVersion", undefined)),
      [],
    );
  });

  it("ignores plain HTTP listeners", async () => {
    const r = withProp(withProp(fixtures.listener, "protocol", "HTTP"), "sslPolicy", undefined);
    assert.deepEqual(await validate(tlsMinimumVersion, r), []);
  });

  it("raises the floor to TLS 1.3 when configured", async () => {
    assert.deepEqual(
      await validate(tlsMinimumVersion, fixtures.storage, { minimumVersion: "1.3" }),
      ['Storage account must set minimumTlsVersion to "TLS1_3" or later; found "TLS1_2".'],
    );
    assert.deepEqual(
      await validate(tlsMinimumVersion, withProp(fixtures.cosmos, "minimalTlsVersion", undefined), {
        minimumVersion: "1.3",
      }),
      [
        'Cosmos DB account must accept TLS 1.3 or later only, which minimalTlsVersion (at most "Tls12") cannot express; found unset (the default "Tls12").',
      ],
    );
    const tls13 = withProp(fixtures.listener, "sslPolicy", "ELBSecurityPolicy-TLS13-1-3-2021-06");
    assert.deepEqual(await validate(tlsMinimumVersion, tls13, { minimumVersion: "1.3" }), []);
  });

  it("reads the lowest TLS version from each cloud's policy names", () => {
    assert.deepEqual(
      [
        "ELBSecurityPolicy-TLS13-1-2-2021-06",
        "ELBSecurityPolicy-TLS13-1-3-2021-06",
        "ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
        "ELBSecurityPolicy-FS-1-2-Res-2020-10",
        "ELBSecurityPolicy-TLS13-1-1-2021-06",
        "ELBSecurityPolicy-2016-08",
        "ELBSecurityPolicy-FS-2018-06",
      ].map(elbPolicyVersion),
      [1.2, 1.3, 1.2, 1.2, 1.1, 1.0, 1.0],
    );
    assert.deepEqual(
      ["TLSv1.2_2021", "TLSv1.2_2019", "TLSv1.1_2016", "TLSv1_2016", "TLSv1", "SSLv3"].map(
        cloudfrontPolicyVersion,
      ),
      [1.2, 1.2, 1.1, 1.0, 1.0, 0.3],
    );
    assert.deepEqual(
      [
        "TLS_1_2",
        "TLS_1_0",
        "SecurityPolicy_TLS13_1_3_2025_09",
        "SecurityPolicy_TLS13_1_2_2021_06",
      ].map(apiGatewayPolicyVersion),
      [1.2, 1.0, 1.3, 1.2],
    );
    assert.deepEqual(
      ["1.2", "TLS1_2", "TLS_1_3", "Tls12", "Tls11", "Tls", "bogus"].map(tlsVersion),
      [1.2, 1.2, 1.3, 1.2, 1.1, 1.0, 0],
    );
  });

  it("leaves a Global Datastore secondary, which takes transit encryption from the global group, to its primary", async () => {
    const secondary: FixtureResource = {
      type: "aws:elasticache/replicationGroup:ReplicationGroup",
      props: { globalReplicationGroupId: "ldgnf-tachyon-prod-us-east-1-cache" },
    };
    assert.deepEqual(await validate(tlsMinimumVersion, secondary), []);
    assert.deepEqual(
      await validate(tlsMinimumVersion, withProp(secondary, "globalReplicationGroupId", undefined)),
      ["ElastiCache replication group must set transitEncryptionEnabled to true; found unset."],
    );
  });
});
