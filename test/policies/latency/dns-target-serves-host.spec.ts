import assert from "node:assert/strict";
import { dnsTargetServesHost } from "../../../policies/latency/dns-target-serves-host";
import { validateStack, withProp, type FixtureResource } from "../harness";

const zone: FixtureResource = {
  type: "aws:route53/zone:Zone",
  name: "zone",
  props: { name: "trade.example.com", zoneId: "Z1" },
};
const record = (name: string, props: Record<string, unknown>): FixtureResource => ({
  type: "aws:route53/record:Record",
  name,
  props: { zoneId: "Z1", ttl: 60, ...props },
  propertyDependencies: { zoneId: [zone] },
});

describe("dns-target-serves-host", () => {
  describe("Front Door", () => {
    const FD_HOST = "tachyon-prod-abc123.z01.azurefd.net";
    const endpoint: FixtureResource = {
      type: "azure-native:cdn:AFDEndpoint",
      name: "endpoint",
      props: { endpointName: "tachyon-prod", hostName: FD_HOST },
    };
    const domain: FixtureResource = {
      type: "azure-native:cdn:AFDCustomDomain",
      name: "api-domain",
      props: { customDomainName: "api", hostName: "api.trade.example.com", id: "/cd/api" },
    };
    const route: FixtureResource = {
      type: "azure-native:cdn:Route",
      name: "route",
      props: { endpointName: "tachyon-prod", customDomains: [{ id: "/cd/api" }] },
      propertyDependencies: { endpointName: [endpoint], customDomains: [domain] },
    };
    const cname = record("api", { name: "api", type: "CNAME", records: [FD_HOST] });
    const compliant = [zone, endpoint, domain, route, cname];

    it("accepts a CNAME to an endpoint whose route lists the host's custom domain", async () => {
      assert.deepEqual(await validateStack(dnsTargetServesHost, compliant), []);
    });

    it("reports a CNAME to an endpoint whose routes list no custom domain", async () => {
      const bare = { ...withProp(route, "customDomains", undefined), propertyDependencies: {} };
      assert.deepEqual(
        await validateStack(dnsTargetServesHost, [zone, endpoint, domain, bare, cname]),
        [
          'api: DNS record "api.trade.example.com" must point at a Front Door route that lists "api.trade.example.com" as a custom domain; found CNAME to "tachyon-prod-abc123.z01.azurefd.net", whose routes list no custom domain.',
        ],
      );
    });

    it("reports a route that lists only another host's custom domain", async () => {
      const other = withProp(domain, "hostName", "www.trade.example.com");
      const r = {
        ...route,
        propertyDependencies: { endpointName: [endpoint], customDomains: [other] },
      };
      assert.deepEqual(
        await validateStack(dnsTargetServesHost, [zone, endpoint, other, r, cname]),
        [
          'api: DNS record "api.trade.example.com" must point at a Front Door route that lists "api.trade.example.com" as a custom domain; found CNAME to "tachyon-prod-abc123.z01.azurefd.net", whose routes list other custom domains only.',
        ],
      );
    });

    it("matches a route to the endpoint by name when no dependency links them", async () => {
      const bare = { ...withProp(route, "customDomains", []), propertyDependencies: {} };
      assert.deepEqual(await validateStack(dnsTargetServesHost, [zone, domain, bare, cname]), [
        'api: DNS record "api.trade.example.com" must point at a Front Door route that lists "api.trade.example.com" as a custom domain; found CNAME to "tachyon-prod-abc123.z01.azurefd.net", whose routes list no custom domain.',
      ]);
    });

    it("reports an endpoint of the stack with no custom domain for the host", async () => {
      assert.deepEqual(await validateStack(dnsTargetServesHost, [zone, endpoint, cname]), [
        'api: DNS record "api.trade.example.com" must point at a Front Door with an AFD custom domain for "api.trade.example.com"; found CNAME to "tachyon-prod-abc123.z01.azurefd.net" and no custom domain with that host name.',
      ]);
    });

    it("skips a route whose custom domain ids come from another stack", async () => {
      const foreign = {
        ...withProp(route, "customDomains", [{ id: "/other-stack/cd/api" }]),
        propertyDependencies: { endpointName: [endpoint] },
      };
      assert.deepEqual(
        await validateStack(dnsTargetServesHost, [zone, endpoint, foreign, cname]),
        [],
      );
    });

    it("skips a Front Door that another stack manages", async () => {
      assert.deepEqual(await validateStack(dnsTargetServesHost, [zone, cname]), []);
    });
  });

  describe("CloudFront", () => {
    const distribution: FixtureResource = {
      type: "aws:cloudfront/distribution:Distribution",
      name: "cdn",
      props: { aliases: ["cdn.trade.example.com"], domainName: "d111.cloudfront.net" },
    };
    const alias: FixtureResource = {
      ...record("cdn", {
        name: "cdn.trade.example.com",
        type: "A",
        aliases: [{ name: "d111.cloudfront.net", zoneId: "Z2FDTNDATAQYW2" }],
      }),
      propertyDependencies: { zoneId: [zone], aliases: [distribution] },
    };

    it("accepts an alias to a distribution whose aliases hold the host", async () => {
      assert.deepEqual(await validateStack(dnsTargetServesHost, [zone, distribution, alias]), []);
    });

    it("accepts a wildcard alias covering the host", async () => {
      const wild = withProp(distribution, "aliases", ["*.trade.example.com"]);
      assert.deepEqual(await validateStack(dnsTargetServesHost, [zone, wild, alias]), []);
    });

    it("reports a host the distribution's aliases do not cover", async () => {
      const other = withProp(distribution, "aliases", ["www.trade.example.com"]);
      assert.deepEqual(await validateStack(dnsTargetServesHost, [zone, other, alias]), [
        'cdn: DNS record "cdn.trade.example.com" must point at a CloudFront distribution whose aliases cover "cdn.trade.example.com"; found aliases ["www.trade.example.com"].',
      ]);
    });

    it("finds the distribution of a CNAME by its domain name", async () => {
      const cname = record("cdn", {
        name: "cdn.trade.example.com",
        type: "CNAME",
        records: ["d111.cloudfront.net"],
      });
      const other = withProp(distribution, "aliases", []);
      assert.deepEqual(await validateStack(dnsTargetServesHost, [zone, other, cname]), [
        'cdn: DNS record "cdn.trade.example.com" must point at a CloudFront distribution whose aliases cover "cdn.trade.example.com"; found aliases [].',
      ]);
    });
  });

  describe("Google load balancer", () => {
    const address: FixtureResource = {
      type: "gcp:compute/globalAddress:GlobalAddress",
      name: "address",
      props: { address: "203.0.113.10" },
    };
    const cert = (name: string, domains: string[]): FixtureResource => ({
      type: "gcp:compute/managedSslCertificate:ManagedSslCertificate",
      name,
      props: { type: "MANAGED", managed: { domains }, id: `certs/${name}` },
    });
    const api = cert("api-cert", ["api.trade.example.com"]);
    const own = cert("gcp-cert", ["gcp.api.trade.example.com"]);
    const proxy = (certs: FixtureResource[]): FixtureResource => ({
      type: "gcp:compute/targetHttpsProxy:TargetHttpsProxy",
      name: "proxy",
      props: { sslCertificates: certs.map((c) => c.props.id), id: "proxies/p" },
      propertyDependencies: { sslCertificates: certs },
    });
    const rule = (p: FixtureResource): FixtureResource => ({
      type: "gcp:compute/globalForwardingRule:GlobalForwardingRule",
      name: "https",
      props: { ipAddress: "203.0.113.10", target: "proxies/p", portRange: "443" },
      propertyDependencies: { ipAddress: [address], target: [p] },
    });
    const a: FixtureResource = {
      ...record("gcp", { name: "gcp.api.trade.example.com", type: "A", records: ["203.0.113.10"] }),
      propertyDependencies: { zoneId: [zone], records: [address] },
    };

    it("accepts an A record to an address whose HTTPS proxy holds a certificate for the host", async () => {
      const p = proxy([api, own]);
      assert.deepEqual(
        await validateStack(dnsTargetServesHost, [zone, address, api, own, p, rule(p), a]),
        [],
      );
    });

    it("reports a host no managed certificate on the proxy covers", async () => {
      const p = proxy([api]);
      assert.deepEqual(
        await validateStack(dnsTargetServesHost, [zone, address, api, p, rule(p), a]),
        [
          'gcp: DNS record "gcp.api.trade.example.com" must point at a Google load balancer with a certificate for "gcp.api.trade.example.com"; found managed certificates for ["api.trade.example.com"].',
        ],
      );
    });

    it("matches the address by value when no dependency links the record", async () => {
      const p = proxy([api]);
      const byValue = { ...a, propertyDependencies: { zoneId: [zone] } };
      assert.deepEqual(
        await validateStack(dnsTargetServesHost, [zone, address, api, p, rule(p), byValue]),
        [
          'gcp: DNS record "gcp.api.trade.example.com" must point at a Google load balancer with a certificate for "gcp.api.trade.example.com"; found managed certificates for ["api.trade.example.com"].',
        ],
      );
    });

    it("skips a proxy with a certificate this stack does not manage", async () => {
      const p = withProp(proxy([api]), "sslCertificates", ["certs/api-cert", "certs/self-managed"]);
      assert.deepEqual(
        await validateStack(dnsTargetServesHost, [zone, address, api, p, rule(p), a]),
        [],
      );
    });

    it("skips an address that is not the stack's", async () => {
      assert.deepEqual(
        await validateStack(dnsTargetServesHost, [zone, { ...a, propertyDependencies: {} }]),
        [],
      );
    });
  });
});
