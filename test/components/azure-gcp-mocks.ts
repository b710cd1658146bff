/**
 * A recording Pulumi mock runtime for the Azure and Google Cloud component specs: every
 * `newResource` call is kept (type, name, inputs) so a spec can assert the exact child contract.
 * Mocks are process-global, so each spec installs a fresh recorder before it builds anything and
 * waits for every registration to finish before it asserts.
 */
import * as pulumi from "@pulumi/pulumi";
import { recorderOf, type RecordedOf, type RecorderOf } from "./recorder";

export { valueOf } from "./recorder";
import * as settings from "@pulumi/pulumi/runtime/settings";

/** The runtime's wait for outstanding RPCs (exported by the settings module, untyped). */
const waitForRPCs = (settings as unknown as { waitForRPCs: () => Promise<void> }).waitForRPCs;

/**
 * Resource inputs as the mock runtime saw them: arbitrary provider shapes that specs walk into
 * freely, so they are left untyped.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Inputs = Record<string, any>;

/** One registered resource as the mock runtime saw it. */
export type Recorded = RecordedOf<Inputs>;

/** Stack outputs a spec feeds to `ctx.global()` / `ctx.peer()`. */
export type Outputs = Record<string, unknown>;

/** The recorder: every resource registered since {@link useRecordingMocks} installed it. */
export type Recorder = RecorderOf<Inputs>;

const AZURE_ID = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers";

/** The input that carries the physical name of an Azure resource, where it is not `name`. */
const AZURE_NAME_INPUT: Record<string, string> = {
  "azure-native:resources:ResourceGroup": "resourceGroupName",
  "azure-native:storage:StorageAccount": "accountName",
  "azure-native:storage:BlobContainer": "containerName",
  "azure-native:network:VirtualNetwork": "virtualNetworkName",
  "azure-native:network:Subnet": "subnetName",
  "azure-native:network:PrivateEndpoint": "privateEndpointName",
  "azure-native:privatedns:PrivateZone": "privateZoneName",
  "azure-native:cosmosdb:DatabaseAccount": "accountName",
  "azure-native:cosmosdb:SqlResourceSqlDatabase": "databaseName",
  "azure-native:cosmosdb:SqlResourceSqlContainer": "containerName",
  "azure-native:cdn:Profile": "profileName",
  "azure-native:cdn:AFDEndpoint": "endpointName",
  "azure-native:cdn:AFDOriginGroup": "originGroupName",
  "azure-native:cdn:AFDOrigin": "originName",
  "azure-native:eventhub:Namespace": "namespaceName",
  "azure-native:eventhub:EventHub": "eventHubName",
  "azure-native:eventhub:ConsumerGroup": "consumerGroupName",
  "azure-native:servicebus:Namespace": "namespaceName",
  "azure-native:servicebus:Queue": "queueName",
  "azure-native:operationalinsights:Workspace": "workspaceName",
  "azure-native:applicationinsights:Component": "resourceName",
  "azure-native:managedidentity:UserAssignedIdentity": "resourceName",
};

/** Provider-computed outputs the components read, per type token. */
function computed(type: string, name: string, inputs: Record<string, unknown>): Outputs {
  const physical = (inputs.name as string | undefined) ?? name;
  switch (type) {
    case "azure-native:storage:StorageAccount":
      return { primaryEndpoints: { blob: `https://${name}.blob.core.windows.net/` } };
    case "azure-native:web:WebApp":
      return { defaultHostName: `${name}.azurewebsites.net` };
    case "azure-native:applicationinsights:Component":
      return { connectionString: `InstrumentationKey=${name}` };
    case "azure-native:managedidentity:UserAssignedIdentity":
      return { principalId: `principal-${name}`, clientId: `client-${name}` };
    case "azure-native:cdn:AFDEndpoint":
      return { hostName: `${name}.z01.azurefd.net` };
    case "gcp:cloudrunv2/service:Service":
      return { uri: `https://${physical}.a.run.app` };
    case "gcp:cloudfunctionsv2/function:Function":
      return {
        serviceConfig: {
          ...(inputs.serviceConfig as Record<string, unknown>),
          uri: `https://${physical}.a.run.app`,
          service: `projects/tachyon-spec/locations/${inputs.location as string}/services/${physical}`,
        },
      };
    case "azure-native:cdn:AFDCustomDomain":
      return { validationProperties: { validationToken: `token-${name}` } };
    case "azure-native:cdn:Profile":
      return { frontDoorId: `fdid-${name}` };
    case "gcp:compute/globalAddress:GlobalAddress":
      return { address: "203.0.113.10" };
    case "gcp:serviceaccount/account:Account":
      return { email: `${inputs.accountId as string}@project.iam.gserviceaccount.com` };
    default:
      return {};
  }
}

/** Installs a fresh recording mock runtime; call from `beforeEach`. */
export async function useRecordingMocks(): Promise<Recorder> {
  const resources: Recorded[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource(args: pulumi.runtime.MockResourceArgs) {
        const inputs = args.inputs as Record<string, unknown>;
        resources.push({ type: args.type, name: args.name, inputs });
        const id = args.type.startsWith("azure-native:")
          ? `${AZURE_ID}/${args.type}/${args.name}`
          : `${args.name}-id`;
        return {
          id,
          state: {
            ...inputs,
            name: inputs[AZURE_NAME_INPUT[args.type] ?? "name"] ?? inputs.name ?? args.name,
            selfLink: `https://www.googleapis.com/${args.type}/${args.name}`,
            ...computed(args.type, args.name, inputs),
          },
        };
      },
      call(args: pulumi.runtime.MockCallArgs) {
        if (args.token === "gcp:organizations/getProject:getProject") {
          return { projectId: "tachyon-spec", number: "123456789" };
        }
        // The provider's own settings: the project it deploys to.
        if (args.token === "gcp:organizations/getClientConfig:getClientConfig") {
          return { project: "tachyon-spec" };
        }
        return args.inputs as Record<string, unknown>;
      },
    },
    "tachyon",
    "spec",
    false,
  );
  const settle = async (): Promise<void> => {
    // Registrations chain through outputs of earlier ones: wait for the runtime's pending RPCs,
    // then until the count of registrations stops moving.
    let stable = 0;
    let last = -1;
    for (let i = 0; i < 200 && stable < 3; i++) {
      await waitForRPCs();
      await new Promise((resolve) => setTimeout(resolve, 1));
      stable = resources.length === last ? stable + 1 : 0;
      last = resources.length;
    }
  };
  return recorderOf(resources, settle);
}
