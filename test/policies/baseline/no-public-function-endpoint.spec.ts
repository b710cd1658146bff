import assert from "node:assert/strict";
import { noPublicFunctionEndpoint } from "../../../policies/baseline/no-public-function-endpoint";
import { validateStack, withProp, type FixtureResource } from "../harness";

const fn: FixtureResource = {
  type: "aws:lambda/function:Function",
  name: "score",
  props: { name: "score" },
};
const url: FixtureResource = {
  type: "aws:lambda/functionUrl:FunctionUrl",
  name: "score-url",
  props: { functionName: "score", authorizationType: "AWS_IAM" },
  propertyDependencies: { functionName: [fn] },
};
const permission: FixtureResource = {
  type: "aws:lambda/permission:Permission",
  name: "score-invoke",
  props: {
    function: "score",
    principal: "*",
    action: "lambda:InvokeFunction",
    principalOrgId: "o-abc123",
  },
  propertyDependencies: { function: [fn] },
};
const app: FixtureResource = {
  type: "azure-native:web:WebApp",
  name: "fraud-app",
  props: { kind: "functionapp,linux", publicNetworkAccess: "Disabled" },
};
const run: FixtureResource = {
  type: "gcp:cloudrunv2/service:Service",
  name: "value-svc",
  props: { name: "value", ingress: "INGRESS_TRAFFIC_INTERNAL_ONLY" },
};
const gcf: FixtureResource = {
  type: "gcp:cloudfunctionsv2/function:Function",
  name: "value-fn",
  props: { serviceConfig: { ingressSettings: "ALLOW_INTERNAL_ONLY" } },
};
const invoker: FixtureResource = {
  type: "gcp:cloudrunv2/serviceIamMember:ServiceIamMember",
  name: "value-invoker",
  props: {
    name: "value",
    role: "roles/run.invoker",
    member: "serviceAccount:caller@p.iam.gserviceaccount.com",
  },
  propertyDependencies: { name: [run] },
};

const compliant = [fn, url, permission, app, run, gcf, invoker];
const replace = (old: FixtureResource, next: FixtureResource) =>
  compliant.map((r) => (r === old ? next : r));
const check = (stack: FixtureResource[]) => validateStack(noPublicFunctionEndpoint, stack);

describe("no-public-function-endpoint", () => {
  it("accepts private endpoints on every cloud", async () => {
    assert.deepEqual(await check(compliant), []);
  });

  it("reports an unauthenticated function URL", async () => {
    assert.deepEqual(await check(replace(url, withProp(url, "authorizationType", "NONE"))), [
      'score-url: Lambda function URL must use authorizationType "AWS_IAM" unless its function is tagged exposure: public; found "NONE".',
    ]);
  });

  it("accepts an unauthenticated URL of a function tagged public", async () => {
    const publicFn = withProp(fn, "tags", { exposure: "public" });
    const open = {
      ...withProp(url, "authorizationType", "NONE"),
      propertyDependencies: { functionName: [publicFn] },
    };
    assert.deepEqual(await check([publicFn, open]), []);
  });

  it("reports a permission for any principal without a condition", async () => {
    assert.deepEqual(
      await check(replace(permission, withProp(permission, "principalOrgId", undefined))),
      [
        'score-invoke: Lambda permission for principal "*" must set sourceArn, sourceAccount or principalOrgId; found none.',
      ],
    );
  });

  it("reports a function app open to the public network", async () => {
    assert.deepEqual(await check(replace(app, withProp(app, "publicNetworkAccess", undefined))), [
      'fraud-app: Function app must set publicNetworkAccess to "Disabled" unless tagged exposure: public; found the default Enabled.',
    ]);
  });

  it("ignores web apps that are not function apps", async () => {
    const web = withProp(withProp(app, "kind", "app,linux"), "publicNetworkAccess", "Enabled");
    assert.deepEqual(await check(replace(app, web)), []);
  });

  it("reports a Cloud Run service open to all ingress", async () => {
    assert.deepEqual(await check(replace(run, withProp(run, "ingress", "INGRESS_TRAFFIC_ALL"))), [
      "value-svc: Cloud Run service must restrict ingress (INGRESS_TRAFFIC_INTERNAL_ONLY or INTERNAL_LOAD_BALANCER) unless labelled exposure: public; found INGRESS_TRAFFIC_ALL.",
    ]);
  });

  it("reports a Cloud Run service without the invoker check", async () => {
    assert.deepEqual(await check(replace(run, withProp(run, "invokerIamDisabled", true))), [
      "value-svc: Cloud Run service must keep the invoker IAM check unless labelled exposure: public; found invokerIamDisabled true.",
    ]);
  });

  it("reports a Cloud Function on the default ingress", async () => {
    assert.deepEqual(await check(replace(gcf, withProp(gcf, "serviceConfig", {}))), [
      "value-fn: Cloud Function must set serviceConfig.ingressSettings to ALLOW_INTERNAL_ONLY or ALLOW_INTERNAL_AND_GCLB unless labelled exposure: public; found the default ALLOW_ALL.",
    ]);
  });

  it("reports allUsers as invoker of a private service", async () => {
    assert.deepEqual(await check(replace(invoker, withProp(invoker, "member", "allUsers"))), [
      'value-invoker: IAM grant on a function must name its callers unless the function is labelled exposure: public; found member "allUsers".',
    ]);
  });

  it("judges a run.invoker grant on a Cloud Run function's service by the function's label", async () => {
    const publicFn = withProp(
      withProp(gcf, "serviceConfig", { ingressSettings: "ALLOW_INTERNAL_AND_GCLB" }),
      "labels",
      { exposure: "public" },
    );
    const everyone: FixtureResource = {
      type: "gcp:cloudrunv2/serviceIamMember:ServiceIamMember",
      name: "value-fn-public-invoker",
      props: { name: "value-fn", role: "roles/run.invoker", member: "allUsers" },
      propertyDependencies: { name: [publicFn] },
    };
    assert.deepEqual(await check([...replace(gcf, publicFn), everyone]), []);
    const onPrivate = { ...everyone, propertyDependencies: { name: [gcf] } };
    assert.deepEqual(await check([...compliant, onPrivate]), [
      'value-fn-public-invoker: IAM grant on a function must name its callers unless the function is labelled exposure: public; found member "allUsers".',
    ]);
  });

  it("honours a configured public tag", async () => {
    const tagged = withProp(withProp(run, "ingress", "INGRESS_TRAFFIC_ALL"), "labels", {
      edge: "yes",
    });
    const config = { publicTagKey: "edge", publicTagValue: "yes" };
    assert.deepEqual(
      await validateStack(noPublicFunctionEndpoint, replace(run, tagged), config),
      [],
    );
  });
});

describe("no-public-function-endpoint on first-generation GCP services", () => {
  const gen1: FixtureResource = {
    type: "gcp:cloudfunctions/function:Function",
    name: "quote-fn",
    props: { name: "quote", triggerHttp: true, ingressSettings: "ALLOW_INTERNAL_ONLY" },
  };
  const svc1: FixtureResource = {
    type: "gcp:cloudrun/service:Service",
    name: "quote-svc",
    props: {
      name: "quote-run",
      metadata: { annotations: { "run.googleapis.com/ingress": "internal" } },
    },
  };
  const fnGrant: FixtureResource = {
    type: "gcp:cloudfunctions/functionIamMember:FunctionIamMember",
    name: "quote-fn-invoker",
    props: { cloudFunction: "quote", role: "roles/cloudfunctions.invoker", member: "allUsers" },
  };
  const runGrant: FixtureResource = {
    type: "gcp:cloudrun/iamBinding:IamBinding",
    name: "quote-svc-invokers",
    props: { service: "quote-run", role: "roles/run.invoker", members: ["allAuthenticatedUsers"] },
  };

  it("accepts internal first-generation functions and services", async () => {
    assert.deepEqual(await check([gen1, svc1]), []);
  });

  it("reports an HTTP function on the default ingress, and ignores event-triggered ones", async () => {
    const open = withProp(gen1, "ingressSettings", undefined);
    assert.deepEqual(await check([open, svc1]), [
      "quote-fn: Cloud Function must set ingressSettings to ALLOW_INTERNAL_ONLY or ALLOW_INTERNAL_AND_GCLB unless labelled exposure: public; found the default ALLOW_ALL.",
    ]);
    assert.deepEqual(await check([withProp(open, "triggerHttp", undefined), svc1]), []);
  });

  it("reports a Cloud Run v1 service open to all ingress unless labelled public", async () => {
    const open = withProp(svc1, "metadata", { annotations: {} });
    assert.deepEqual(await check([gen1, open]), [
      "quote-svc: Cloud Run service must set the run.googleapis.com/ingress annotation to internal or internal-and-cloud-load-balancing unless labelled exposure: public; found the default all.",
    ]);
    const labelled = withProp(svc1, "metadata", { labels: { exposure: "public" } });
    assert.deepEqual(await check([gen1, labelled]), []);
  });

  it("reports allUsers and allAuthenticatedUsers grants on private gen-1 targets by name", async () => {
    assert.deepEqual(await check([gen1, svc1, fnGrant, runGrant]), [
      'quote-fn-invoker: IAM grant on a function must name its callers unless the function is labelled exposure: public; found member "allUsers".',
      'quote-svc-invokers: IAM grant on a function must name its callers unless the function is labelled exposure: public; found member "allAuthenticatedUsers".',
    ]);
    const publicFn = withProp(gen1, "labels", { exposure: "public" });
    assert.deepEqual(await check([publicFn, svc1, fnGrant]), []);
  });
});
