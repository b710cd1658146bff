import assert from "node:assert/strict";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import {
  DEFAULT_NAME_PATTERNS,
  nameWords,
  noPlaintextSecretsInEnvironment as policy,
  secretReason,
} from "../../../policies/baseline/no-plaintext-secrets-in-environment";
import { validate, withProp, type FixtureResource } from "../harness";

const fixtures: Record<string, FixtureResource> = {
  lambda: {
    type: "aws:lambda/function:Function",
    props: {
      environment: {
        variables: {
          TABLE_NAME: "orders",
          API_KEY_SECRET_ARN: "arn:aws:secretsmanager:eu-west-2:1:secret:k",
        },
      },
    },
  },
  webApp: {
    type: "azure-native:web:WebApp",
    props: {
      siteConfig: {
        appSettings: [
          {
            name: "EventHubConnection__fullyQualifiedNamespace",
            value: "ns.servicebus.windows.net",
          },
          {
            name: "API_TOKEN",
            value: "@Microsoft.KeyVault(SecretUri=https://v.vault.azure.net/secrets/t)",
          },
          {
            name: "APPLICATIONINSIGHTS_CONNECTION_STRING",
            value: "InstrumentationKey=00000000-0000-0000-0000-000000000000",
          },
        ],
      },
    },
  },
  cloudRun: {
    type: "gcp:cloudrunv2/service:Service",
    props: {
      template: {
        containers: [
          {
            envs: [
              { name: "REGION", value: "europe-west2" },
              {
                name: "DB_PASSWORD",
                valueSource: { secretKeyRef: { secret: "db", version: "latest" } },
              },
            ],
          },
        ],
      },
    },
  },
  cloudFunction: {
    type: "gcp:cloudfunctionsv2/function:Function",
    props: { serviceConfig: { environmentVariables: { LOG_LEVEL: "info" } } },
  },
};

const patterns = DEFAULT_NAME_PATTERNS.map((s) => new RegExp(s, "i"));

describe("no-plaintext-secrets-in-environment", () => {
  for (const [kind, r] of Object.entries(fixtures)) {
    it(`accepts a ${kind} whose secrets are references`, async () => {
      assert.deepEqual(await validate(policy, r), []);
    });
  }

  it("reports a Lambda variable named like a secret with a literal value", async () => {
    const r = withProp(fixtures.lambda, "environment.variables.DB_PASSWORD", "hunter2hunter2");
    assert.deepEqual(await validate(policy, r), [
      'Lambda function must not hold a secret in plain environment variable "DB_PASSWORD"; its name marks a secret and its value is a literal (read it from Secrets Manager or SSM Parameter Store).',
    ]);
  });

  it("reports an AWS access key id whatever the variable is called", async () => {
    const r = withProp(fixtures.lambda, "environment.variables.UPSTREAM", "AKIAIOSFODNN7EXAMPLE");
    assert.deepEqual(await validate(policy, r), [
      'Lambda function must not hold a secret in plain environment variable "UPSTREAM"; its value is an AWS access key id (read it from Secrets Manager or SSM Parameter Store).',
    ]);
  });

  it("reports an Azure storage connection string carrying its account key", async () => {
    const r = withProp(fixtures.webApp, "siteConfig.appSettings", [
      {
        name: "AzureWebJobsStorage",
        value:
          "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=c2VjcmV0;EndpointSuffix=core.windows.net",
      },
    ]);
    assert.deepEqual(await validate(policy, r), [
      'App Service app must not hold a secret in plain environment variable "AzureWebJobsStorage"; its value is a storage connection string with AccountKey (use a Key Vault reference or an identity-based connection).',
    ]);
  });

  it("reports a Cloud Run variable with a literal token", async () => {
    const r = withProp(fixtures.cloudRun, "template.containers", [
      { envs: [{ name: "slackToken", value: "plain-value-123" }] },
    ]);
    assert.deepEqual(await validate(policy, r), [
      'Cloud Run service must not hold a secret in plain environment variable "slackToken"; its name marks a secret and its value is a literal (use valueSource.secretKeyRef).',
    ]);
  });

  it("reports a Cloud Function variable holding a PEM private key", async () => {
    const r = withProp(
      fixtures.cloudFunction,
      "serviceConfig.environmentVariables.SIGNER",
      "-----BEGIN RSA PRIVATE KEY-----\nMIIE...",
    );
    assert.deepEqual(await validate(policy, r), [
      'Cloud Function must not hold a secret in plain environment variable "SIGNER"; its value is a PEM private key (use secretEnvironmentVariables).',
    ]);
  });

  it("reports an App Service settings resource holding a client secret", async () => {
    const r: FixtureResource = {
      type: "azure-native:web:WebAppApplicationSettings",
      props: { properties: { CLIENT_SECRET: "s3cr3t-value" } },
    };
    assert.deepEqual(await validate(policy, r), [
      'App Service app settings must not hold a secret in plain environment variable "CLIENT_SECRET"; its name marks a secret and its value is a literal (use a Key Vault reference or an identity-based connection).',
    ]);
  });

  it("gives no violation for a secret-named variable whose value is unknown during preview", async () => {
    const r = withProp(fixtures.lambda, "environment.variables.DB_PASSWORD", unknownValue);
    assert.deepEqual(await validate(policy, r), []);
    assert.deepEqual(
      await validate(policy, withProp(fixtures.lambda, "environment", unknownValue)),
      [],
    );
  });

  it("uses the configured name patterns and allowed names", async () => {
    const r = withProp(fixtures.lambda, "environment.variables.PIN_CODE", "1234");
    assert.deepEqual(await validate(policy, r), []);
    assert.equal((await validate(policy, r, { namePatterns: ["(^|_)PIN(_|$)"] })).length, 1);
    const pw = withProp(fixtures.lambda, "environment.variables.DB_PASSWORD", "x");
    assert.deepEqual(await validate(policy, pw, { allowedNames: ["db_password"] }), []);
  });

  it("reads variable names as upper-case words", () => {
    assert.deepEqual(
      ["apiKey", "API_KEY", "api-key", "dbPassword2", "X__clientId"].map(nameWords),
      ["API_KEY", "API_KEY", "API_KEY", "DB_PASSWORD2", "X_CLIENT_ID"],
    );
  });

  it("keeps pointers, references and empty values out of the report", () => {
    const cases: [string, string][] = [
      ["DB_PASSWORD_SECRET_ARN", "arn:aws:secretsmanager:eu-west-2:1:secret:db"],
      ["TOKEN_URL", "https://login.example.com/token"],
      ["API_KEY", ""],
      ["API_KEY", "projects/p/secrets/k/versions/1"],
      ["ServiceBus__credential", "managedidentity"],
      ["TOKENIZER_MODEL", "bert"],
    ];
    assert.deepEqual(
      cases.map(([n, v]) => secretReason(n, v, patterns)),
      cases.map(() => undefined),
    );
  });
});
