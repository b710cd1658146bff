import * as assert from "node:assert/strict";
import { parseStackConfig } from "../../model/config";
import {
  checkAlertEmail,
  checkExpressRouteCircuitId,
  checkInterconnectUrl,
  checkRoleArn,
} from "../../model/config-regional";
import { show } from "../../model/config-schema";
import type { Problem } from "../../model/problems";

const AZURE = {
  "tachyon:site": "azure:westeurope",
  "tachyon:globalStack": "prod-global",
  "azure-native:location": "westeurope",
};
const GCP = {
  "tachyon:site": "gcp:europe-west3",
  "tachyon:globalStack": "prod-global",
  "gcp:region": "europe-west3",
};
const AWS = {
  "tachyon:site": "aws:us-east-1",
  "tachyon:globalStack": "prod-global",
  "aws:region": "us-east-1",
};
const SUBSCRIPTION = "6f1c2b3a-4d5e-4f60-8a9b-0c1d2e3f4a5b";
const CIRCUIT = `/subscriptions/${SUBSCRIPTION}/resourceGroups/tachyon-network/providers/Microsoft.Network/expressRouteCircuits/er-equinix-am5`;
const INTERCONNECT_URL =
  "https://www.googleapis.com/compute/v1/projects/tachyon-net/global/interconnects/fra-zone1-1";
const GLOBAL_TOPOLOGY = {
  environment: "dev",
  sites: [{ id: "aws:us-east-1", cidr: "10.110.0.0/16" }],
  dns: { domain: "dev.example.com" },
};

const ER = "tachyon:expressRouteCircuitId";
const IC = "tachyon:interconnect";
const EMAIL = "tachyon:alertEmail";
const LOG_ROLE = "tachyon:apiGatewayLogRoleArn";
const ROLE_ARN = "arn:aws:iam::123456789012:role/service-role/apigw-cloudwatch";
const NOT_A_ROLE = (got: string): string =>
  `is not an IAM role ARN, got ${got}. Use the ARN of the role the account's API Gateway logs with, as "aws apigateway get-account --query cloudwatchRoleArn" prints it: "arn:aws:iam::<account-id>:role/<name>".`;

const NOT_A_CIRCUIT_ID = (got: string): string =>
  `is not an ExpressRoute circuit resource id, got ${got}. Use the circuit's id as "az network express-route show --query id" prints it: "/subscriptions/<subscription-guid>/resourceGroups/<group>/providers/Microsoft.Network/expressRouteCircuits/<circuit>".`;
const NOT_AN_EMAIL = (got: string): string =>
  `is not an e-mail address, got ${got}. Give one address like "oncall@trade.example.com"; to reach several people, use a distribution list.`;
const DEDICATED_NEEDS_URL = `is required for a DEDICATED attachment, got nothing. Add the interconnect's URL, "projects/<project>/global/interconnects/<name>".`;

describe("model/config-regional", () => {
  describe("parseStackConfig with a regional stack's optional keys", () => {
    it("hands an Azure site its validated circuit id and alert address", () => {
      const result = parseStackConfig({ ...AZURE, [ER]: CIRCUIT, [EMAIL]: "oncall@example.com" });
      assert.ok("kind" in result && result.kind === "regional");
      assert.deepEqual(result.regional.options, {
        expressRouteCircuitId: CIRCUIT,
        alertEmail: "oncall@example.com",
      });
    });

    it("hands an AWS site its alert address and log role", () => {
      const result = parseStackConfig({
        ...AWS,
        [EMAIL]: "fx-oncall@example.com",
        [LOG_ROLE]: ROLE_ARN,
      });
      assert.ok("kind" in result && result.kind === "regional");
      assert.deepEqual(result.regional.options, {
        alertEmail: "fx-oncall@example.com",
        apiGatewayLogRoleArn: ROLE_ARN,
      });
    });

    it("reads the Interconnect from the JSON text Pulumi hands a program", () => {
      const interconnect = { type: "PARTNER", edgeAvailabilityDomain: "AVAILABILITY_DOMAIN_2" };
      const result = parseStackConfig({ ...GCP, [IC]: JSON.stringify(interconnect) });
      assert.ok("kind" in result && result.kind === "regional");
      assert.deepEqual(result.regional.options, { interconnect });
    });

    it("keeps every field of a dedicated attachment", () => {
      const interconnect = {
        type: "DEDICATED",
        interconnect: INTERCONNECT_URL,
        bandwidth: "BPS_20G",
        asn: 64514,
      };
      const result = parseStackConfig({ ...GCP, [IC]: interconnect });
      assert.ok("kind" in result && result.kind === "regional");
      assert.deepEqual(result.regional.options, { interconnect });
    });

    it("hands an AWS site the account's existing API Gateway logging role", () => {
      const result = parseStackConfig({ ...AWS, [LOG_ROLE]: ROLE_ARN });
      assert.ok("kind" in result && result.kind === "regional");
      assert.deepEqual(result.regional.options, { apiGatewayLogRoleArn: ROLE_ARN });
    });

    it("gives a site without optional keys empty options", () => {
      const result = parseStackConfig(AWS);
      assert.ok("kind" in result && result.kind === "regional");
      assert.deepEqual(result.regional.options, {});
    });

    const bad: [string, Record<string, unknown>, Problem[]][] = [
      [
        "a circuit id that is a name, not a resource id",
        { ...AZURE, [ER]: "er-circuit-1" },
        [{ path: ER, message: NOT_A_CIRCUIT_ID(`"er-circuit-1"`) }],
      ],
      [
        "a circuit id whose subscription is not a GUID",
        { ...AZURE, [ER]: CIRCUIT.replace(SUBSCRIPTION, "prod-subscription") },
        [
          {
            path: ER,
            message: `names a subscription that is not a GUID, got "prod-subscription". Use the id of the circuit's subscription, of the form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx in hexadecimal digits.`,
          },
        ],
      ],
      [
        "a circuit id whose resource group ends in a period",
        { ...AZURE, [ER]: CIRCUIT.replace("tachyon-network", "tachyon-network.") },
        [
          {
            path: ER,
            message: `names a resource group Azure cannot have, got "tachyon-network.". Use the circuit's resource group: 1 to 90 letters, digits, underscores, hyphens, periods or parentheses, not ending in a period.`,
          },
        ],
      ],
      [
        "a circuit id whose circuit name starts with a hyphen",
        { ...AZURE, [ER]: CIRCUIT.replace("er-equinix-am5", "-er") },
        [
          {
            path: ER,
            message: `names a circuit Azure cannot have, got "-er". Use the circuit's name: 1 to 80 letters, digits, underscores, hyphens or periods, starting with a letter or digit and ending with a letter, digit or underscore.`,
          },
        ],
      ],
      [
        "a circuit id that is not a string",
        { ...AZURE, [ER]: 42 },
        [{ path: ER, message: "must be a string, got 42. Write it as a resource id." }],
      ],
      [
        "a circuit id on a gcp site",
        { ...GCP, [ER]: CIRCUIT },
        [
          {
            path: ER,
            message: `is read by azure sites only and this stack deploys gcp:europe-west3, got "/subscriptions/6f1c2b3a-4d5e-4f60-8a9b-0c1d2e3f4a5b/reso.... Remove it or move it to the stack of an azure site.`,
          },
        ],
      ],
      [
        "an interconnect on an azure site",
        { ...AZURE, [IC]: { type: "PARTNER" } },
        [
          {
            path: IC,
            message: `is read by gcp sites only and this stack deploys azure:westeurope, got {"type":"PARTNER"}. Remove it or move it to the stack of a gcp site.`,
          },
        ],
      ],
      [
        "an interconnect that is not a map",
        { ...GCP, [IC]: "PARTNER" },
        [
          {
            path: IC,
            message: `must be a map with type and its fields, got "PARTNER". Write it like { type: PARTNER, edgeAvailabilityDomain: AVAILABILITY_DOMAIN_1 }.`,
          },
        ],
      ],
      [
        "an interconnect without a type",
        { ...GCP, [IC]: {} },
        [{ path: `${IC}.type`, message: `is required, got nothing. Add it, e.g. "PARTNER".` }],
      ],
      [
        "a partner provider's attachment type",
        { ...GCP, [IC]: { type: "PARTNER_PROVIDER" } },
        [
          {
            path: `${IC}.type`,
            message: `must be one of DEDICATED, PARTNER, got "PARTNER_PROVIDER". Use one of those.`,
          },
        ],
      ],
      [
        "a dedicated attachment without its interconnect but with an availability domain",
        { ...GCP, [IC]: { type: "DEDICATED", edgeAvailabilityDomain: "AVAILABILITY_DOMAIN_1" } },
        [
          { path: `${IC}.interconnect`, message: DEDICATED_NEEDS_URL },
          {
            path: `${IC}.edgeAvailabilityDomain`,
            message: `applies to PARTNER attachments only, got "AVAILABILITY_DOMAIN_1". Remove it: a DEDICATED attachment lies in its interconnect's domain.`,
          },
        ],
      ],
      [
        "a partner attachment with an interconnect and a bandwidth",
        {
          ...GCP,
          [IC]: {
            type: "PARTNER",
            interconnect: "projects/p1/global/interconnects/ic-1",
            bandwidth: "BPS_1G",
          },
        },
        [
          {
            path: `${IC}.interconnect`,
            message: `is not taken by a PARTNER attachment, got "projects/p1/global/interconnects/ic-1". Remove it or use type "DEDICATED".`,
          },
          {
            path: `${IC}.bandwidth`,
            message: `is set by the partner on a PARTNER attachment, got "BPS_1G". Remove it and order the bandwidth from the partner.`,
          },
        ],
      ],
      [
        "an interconnect given by name instead of URL",
        { ...GCP, [IC]: { type: "DEDICATED", interconnect: "fra-zone1-1" } },
        [
          {
            path: `${IC}.interconnect`,
            message: `is not an interconnect URL, got "fra-zone1-1". Use "projects/<project>/global/interconnects/<name>" or the full URL "gcloud compute interconnects describe" prints as selfLink.`,
          },
        ],
      ],
      [
        "an unknown edge availability domain",
        { ...GCP, [IC]: { type: "PARTNER", edgeAvailabilityDomain: "zone1" } },
        [
          {
            path: `${IC}.edgeAvailabilityDomain`,
            message: `must be one of AVAILABILITY_DOMAIN_ANY, AVAILABILITY_DOMAIN_1, AVAILABILITY_DOMAIN_2, got "zone1". Use one of those.`,
          },
        ],
      ],
      [
        "a bandwidth outside the API's names",
        { ...GCP, [IC]: { type: "DEDICATED", interconnect: INTERCONNECT_URL, bandwidth: "10G" } },
        [
          {
            path: `${IC}.bandwidth`,
            message: `must be one of BPS_50M, BPS_100M, BPS_200M, BPS_300M, BPS_400M, BPS_500M, BPS_1G, BPS_2G, BPS_5G, BPS_10G, BPS_20G, BPS_50G, BPS_100G, BPS_400G, got "10G". Use one of those.`,
          },
        ],
      ],
      [
        "a public ASN other than Google's",
        { ...GCP, [IC]: { type: "PARTNER", asn: 15169 } },
        [
          {
            path: `${IC}.asn`,
            message: `is neither Google's ASN 16550 nor a private ASN, got 15169. Use 16550 for a Layer 3 partner, else a number from 64512 to 65534 or from 4200000000 to 4294967294.`,
          },
        ],
      ],
      [
        "an ASN written as text",
        { ...GCP, [IC]: { type: "PARTNER", asn: "64512" } },
        [
          {
            path: `${IC}.asn`,
            message: `must be a number, got "64512". Write it as a number.`,
          },
        ],
      ],
      [
        "a misspelt interconnect field",
        { ...GCP, [IC]: { type: "PARTNER", edgeAvailabilityZone: "AVAILABILITY_DOMAIN_1" } },
        [
          {
            path: `${IC}.edgeAvailabilityZone`,
            message: `is not a known key, got "edgeAvailabilityZone". Did you mean "edgeAvailabilityDomain"?`,
          },
        ],
      ],
      [
        "an alert address without a domain",
        { ...GCP, [EMAIL]: "oncall" },
        [{ path: EMAIL, message: NOT_AN_EMAIL(`"oncall"`) }],
      ],
      [
        "two alert addresses in one value",
        { ...GCP, [EMAIL]: "a@example.com,b@example.com" },
        [{ path: EMAIL, message: NOT_AN_EMAIL(`"a@example.com,b@example.com"`) }],
      ],
      [
        "a misspelt optional key",
        { ...GCP, "tachyon:alertemail": "oncall@example.com" },
        [
          {
            path: "tachyon:alertemail",
            message: `is not a Tachyon config key, got "tachyon:alertemail". Did you mean "tachyon:alertEmail"?`,
          },
        ],
      ],
      [
        "every optional key of an azure site at once, after the region",
        {
          ...AZURE,
          "azure-native:location": "northeurope",
          [ER]: "x",
          [IC]: { type: "PARTNER" },
          [EMAIL]: "oncall@",
        },
        [
          {
            path: "azure-native:location",
            message: `disagrees with tachyon:site azure:westeurope, got "northeurope". Set it to "westeurope".`,
          },
          { path: ER, message: NOT_A_CIRCUIT_ID(`"x"`) },
          {
            path: IC,
            message: `is read by gcp sites only and this stack deploys azure:westeurope, got {"type":"PARTNER"}. Remove it or move it to the stack of a gcp site.`,
          },
          { path: EMAIL, message: NOT_AN_EMAIL(`"oncall@"`) },
        ],
      ],
      [
        "an interconnect's own problems even when the site is unknown",
        { ...GCP, "tachyon:site": "gcp:europe-west99", [IC]: { type: "DEDICATED" } },
        [
          {
            path: "tachyon:site",
            message: `names no gcp region in the catalog, got "gcp:europe-west99". Did you mean gcp:europe-west9, gcp:europe-west1, gcp:europe-west10?`,
          },
          { path: `${IC}.interconnect`, message: DEDICATED_NEEDS_URL },
        ],
      ],
      [
        "an API Gateway logging role on a gcp site",
        { ...GCP, [LOG_ROLE]: ROLE_ARN },
        [
          {
            path: LOG_ROLE,
            message: `is read by aws sites only and this stack deploys gcp:europe-west3, got "arn:aws:iam::123456789012:role/service-role/apigw-cloudw.... Remove it or move it to the stack of an aws site.`,
          },
        ],
      ],
      [
        "an API Gateway logging role that is a user ARN",
        { ...AWS, [LOG_ROLE]: "arn:aws:iam::123456789012:user/deploy" },
        [{ path: LOG_ROLE, message: NOT_A_ROLE(`"arn:aws:iam::123456789012:user/deploy"`) }],
      ],
      [
        "an API Gateway logging role that is not a string",
        { ...AWS, [LOG_ROLE]: 42 },
        [{ path: LOG_ROLE, message: "must be a string, got 42. Write it as an IAM role ARN." }],
      ],
      [
        "the optional keys in a global stack",
        {
          "tachyon:topology": GLOBAL_TOPOLOGY,
          [ER]: CIRCUIT,
          [IC]: { type: "PARTNER" },
          [EMAIL]: "oncall@example.com",
          [LOG_ROLE]: ROLE_ARN,
        },
        [
          {
            path: ER,
            message: `belongs in regional stacks only, got "/subscriptions/6f1c2b3a-4d5e-4f60-8a9b-0c1d2e3f4a5b/reso.... Move it to the stack of the azure site it serves.`,
          },
          {
            path: IC,
            message: `belongs in regional stacks only, got {"type":"PARTNER"}. Move it to the stack of the gcp site it serves.`,
          },
          {
            path: EMAIL,
            message: `belongs in regional stacks only, got "oncall@example.com". Move it to the stack of the site it serves.`,
          },
          {
            path: LOG_ROLE,
            message: `belongs in regional stacks only, got "arn:aws:iam::123456789012:role/service-role/apigw-cloudw.... Move it to the stack of the aws site it serves.`,
          },
        ],
      ],
    ];

    it(`holds ${bad.length} distinct cases`, () => {
      assert.equal(new Set(bad.map(([, , p]) => JSON.stringify(p))).size, bad.length);
    });
    for (const [name, config, problems] of bad) {
      it(`rejects ${name}`, () => {
        assert.deepEqual(parseStackConfig(config), { problems });
      });
    }
  });

  describe("checkExpressRouteCircuitId", () => {
    for (const id of [
      CIRCUIT,
      // ARM ids are case-insensitive; some tools print the fixed segments in lower case.
      CIRCUIT.replace("resourceGroups", "resourcegroups").replace(
        "Microsoft.Network",
        "microsoft.network",
      ),
      `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg_(prod).1/providers/Microsoft.Network/expressRouteCircuits/er_1`,
    ]) {
      it(`accepts ${id}`, () => assert.equal(checkExpressRouteCircuitId(id), undefined));
    }
    it("refuses a circuit id with a trailing slash", () => {
      assert.equal(
        checkExpressRouteCircuitId(`${CIRCUIT}/`),
        NOT_A_CIRCUIT_ID(`"/subscriptions/6f1c2b3a-4d5e-4f60-8a9b-0c1d2e3f4a5b/reso...`),
      );
    });
  });

  describe("checkAlertEmail", () => {
    for (const email of ["oncall@example.com", "trading.oncall+alerts@ops.trade.example.co.uk"]) {
      it(`accepts ${email}`, () => assert.equal(checkAlertEmail(email), undefined));
    }
    for (const email of [
      "@example.com",
      "oncall@example",
      "on call@example.com",
      "oncall@-x.com",
      "a..b@example.com",
    ]) {
      it(`refuses ${JSON.stringify(email)}`, () => {
        assert.equal(checkAlertEmail(email), NOT_AN_EMAIL(JSON.stringify(email)));
      });
    }
  });

  describe("checkInterconnectUrl", () => {
    for (const url of ["projects/tachyon-net/global/interconnects/fra-zone1-1", INTERCONNECT_URL]) {
      it(`accepts ${url}`, () => assert.equal(checkInterconnectUrl(url), undefined));
    }
    for (const [label, url] of [
      ["a regional path", "projects/p/regions/europe-west3/interconnects/ic-1"],
      ["an upper-case name", "projects/p/global/interconnects/Fra_1"],
      ["a plain-HTTP URL", "http://googleapis.com/projects/p/global/interconnects/i"],
    ]) {
      it(`refuses ${label}`, () => {
        assert.equal(
          checkInterconnectUrl(url),
          `is not an interconnect URL, got ${JSON.stringify(url)}. Use "projects/<project>/global/interconnects/<name>" or the full URL "gcloud compute interconnects describe" prints as selfLink.`,
        );
      });
    }
  });

  describe("checkRoleArn", () => {
    for (const arn of [
      ROLE_ARN,
      "arn:aws:iam::123456789012:role/ApiGatewayLogs+Prod=1,a.b@c_d-e",
      "arn:aws-cn:iam::123456789012:role/apigw",
      "arn:aws-us-gov:iam::123456789012:role/apigw",
    ]) {
      it(`accepts ${arn}`, () => assert.equal(checkRoleArn(arn), undefined));
    }
    for (const [label, arn] of [
      ["an 11-digit account", "arn:aws:iam::12345678901:role/apigw"],
      ["a region in an IAM ARN", "arn:aws:iam:us-east-1:123456789012:role/apigw"],
      ["a name longer than 64 characters", `arn:aws:iam::123456789012:role/${"r".repeat(65)}`],
      ["a name with a space", "arn:aws:iam::123456789012:role/api gw"],
      ["a policy ARN", "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"],
    ]) {
      it(`refuses ${label}`, () => {
        assert.equal(checkRoleArn(arn), NOT_A_ROLE(show(arn)));
      });
    }
  });
});
