/**
 * Azure resource ids as Azure Resource Manager writes them, for the offline engine's stand-in
 * outputs: `/subscriptions/<sub>/resourceGroups/<group>/providers/<namespace>/<type>/<name>`, a
 * child resource under its parent's path (`.../virtualNetworks/<vnet>/subnets/<subnet>`), and an
 * extension resource under the scope it applies to (`<scope>/providers/Microsoft.Authorization/
 * roleAssignments/<guid>`). A program or a policy that reads an id (a role assignment's scope, an
 * alert's action group) then sees the shape a deployment would give it. Namespaces and type names
 * are those of the ARM template reference (learn.microsoft.com/azure/templates/<namespace>/<type>).
 */

import { plural } from "./plural";

/** Resource provider namespaces of azure-native modules not spelled `Microsoft.<Module>`. */
const NAMESPACES: Readonly<Record<string, string>> = {
  applicationinsights: "Microsoft.Insights",
  cosmosdb: "Microsoft.DocumentDB",
  documentdb: "Microsoft.DocumentDB",
  eventhub: "Microsoft.EventHub",
  insights: "Microsoft.Insights",
  keyvault: "Microsoft.KeyVault",
  managedidentity: "Microsoft.ManagedIdentity",
  monitor: "Microsoft.Insights",
  operationalinsights: "Microsoft.OperationalInsights",
  privatedns: "Microsoft.Network",
  servicebus: "Microsoft.ServiceBus",
  containerservice: "Microsoft.ContainerService",
  dbforpostgresql: "Microsoft.DBforPostgreSQL",
  dbformysql: "Microsoft.DBforMySQL",
  apimanagement: "Microsoft.ApiManagement",
  containerregistry: "Microsoft.ContainerRegistry",
  eventgrid: "Microsoft.EventGrid",
  signalrservice: "Microsoft.SignalRService",
};

/**
 * Where a resource sits in ARM's type hierarchy, when that is not a top-level type named by the
 * camel-cased plural of its token: its parents (the input naming each, and its type segment),
 * its own type segment, and the input naming it (default `<resource>Name`).
 */
interface ArmPath {
  readonly parents?: readonly (readonly [input: string, segment: string])[];
  readonly segment: string;
  readonly nameKey?: string;
  /** A fixed name: singleton children such as a site's `basicPublishingCredentialsPolicies/scm`. */
  readonly fixedName?: string;
}

const PATHS: Readonly<Record<string, ArmPath>> = {
  "applicationinsights:Component": { segment: "components", nameKey: "resourceName" },
  "cache:Redis": { segment: "redis", nameKey: "name" },
  "cdn:AFDCustomDomain": {
    parents: [["profileName", "profiles"]],
    segment: "customDomains",
    nameKey: "customDomainName",
  },
  "cdn:AFDEndpoint": {
    parents: [["profileName", "profiles"]],
    segment: "afdEndpoints",
    nameKey: "endpointName",
  },
  "cdn:AFDOrigin": {
    parents: [
      ["profileName", "profiles"],
      ["originGroupName", "originGroups"],
    ],
    segment: "origins",
    nameKey: "originName",
  },
  "cdn:AFDOriginGroup": {
    parents: [["profileName", "profiles"]],
    segment: "originGroups",
    nameKey: "originGroupName",
  },
  "cdn:Route": {
    parents: [
      ["profileName", "profiles"],
      ["endpointName", "afdEndpoints"],
    ],
    segment: "routes",
  },
  "cosmosdb:DatabaseAccount": { segment: "databaseAccounts", nameKey: "accountName" },
  "cosmosdb:SqlResourceSqlContainer": {
    parents: [
      ["accountName", "databaseAccounts"],
      ["databaseName", "sqlDatabases"],
    ],
    segment: "containers",
    nameKey: "containerName",
  },
  "cosmosdb:SqlResourceSqlDatabase": {
    parents: [["accountName", "databaseAccounts"]],
    segment: "sqlDatabases",
    nameKey: "databaseName",
  },
  "cosmosdb:SqlResourceSqlRoleAssignment": {
    parents: [["accountName", "databaseAccounts"]],
    segment: "sqlRoleAssignments",
    nameKey: "roleAssignmentId",
  },
  "eventhub:ConsumerGroup": {
    parents: [
      ["namespaceName", "namespaces"],
      ["eventHubName", "eventhubs"],
    ],
    segment: "consumergroups",
  },
  "eventhub:EventHub": { parents: [["namespaceName", "namespaces"]], segment: "eventhubs" },
  "managedidentity:UserAssignedIdentity": {
    segment: "userAssignedIdentities",
    nameKey: "resourceName",
  },
  "monitor:ActionGroup": { segment: "actionGroups" },
  "monitor:MetricAlert": { segment: "metricAlerts", nameKey: "ruleName" },
  "monitor:ScheduledQueryRule": { segment: "scheduledQueryRules", nameKey: "ruleName" },
  "network:PrivateDnsZoneGroup": {
    parents: [["privateEndpointName", "privateEndpoints"]],
    segment: "privateDnsZoneGroups",
  },
  "network:PublicIPAddress": { segment: "publicIPAddresses", nameKey: "publicIpAddressName" },
  "network:Subnet": { parents: [["virtualNetworkName", "virtualNetworks"]], segment: "subnets" },
  "network:VirtualNetworkGatewayConnection": {
    segment: "connections",
    nameKey: "virtualNetworkGatewayConnectionName",
  },
  "network:VirtualNetworkPeering": {
    parents: [["virtualNetworkName", "virtualNetworks"]],
    segment: "virtualNetworkPeerings",
  },
  "operationalinsights:Workspace": { segment: "workspaces" },
  "privatedns:PrivateZone": { segment: "privateDnsZones", nameKey: "privateZoneName" },
  "privatedns:VirtualNetworkLink": {
    parents: [["privateZoneName", "privateDnsZones"]],
    segment: "virtualNetworkLinks",
  },
  "servicebus:Queue": { parents: [["namespaceName", "namespaces"]], segment: "queues" },
  "storage:StorageAccount": { segment: "storageAccounts", nameKey: "accountName" },
  "storage:BlobContainer": {
    parents: [
      ["accountName", "storageAccounts"],
      ["", "blobServices/default"],
    ],
    segment: "containers",
    nameKey: "containerName",
  },
  "web:AppServicePlan": { segment: "serverfarms", nameKey: "name" },
  "web:WebApp": { segment: "sites", nameKey: "name" },
  "web:WebAppFtpAllowed": {
    parents: [["name", "sites"]],
    segment: "basicPublishingCredentialsPolicies",
    fixedName: "ftp",
  },
  "web:WebAppScmAllowed": {
    parents: [["name", "sites"]],
    segment: "basicPublishingCredentialsPolicies",
    fixedName: "scm",
  },
};

/** Extension resources: their id hangs under the `scope` they apply to. */
const EXTENSIONS: Readonly<Record<string, ArmPath>> = {
  "authorization:RoleAssignment": { segment: "roleAssignments", nameKey: "roleAssignmentName" },
  "authorization:ManagementLockByScope": { segment: "locks", nameKey: "lockName" },
};

/** What an id is made from: the token's module and resource, the inputs, the fallbacks. */
export interface AzureIdParts {
  readonly module: string;
  readonly resource: string;
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly subscription: string;
  /** The name when the input naming the resource is absent (Pulumi's auto-name). */
  readonly physical: string;
  /** A GUID for resources ARM names by one (role assignments). */
  readonly guid: string;
}

/** The resource provider namespace of an azure-native module (`monitor` → `Microsoft.Insights`). */
export function azureNamespace(module: string): string {
  return NAMESPACES[module] ?? `Microsoft.${module.charAt(0).toUpperCase()}${module.slice(1)}`;
}

/** The id, name and ARM type of an azure-native resource, as ARM would report them. */
export function azureId(p: AzureIdParts): { id: string; name: string; type: string } {
  const key = `${p.module}:${p.resource}`;
  const namespace = azureNamespace(p.module);
  const camel = `${p.resource.charAt(0).toLowerCase()}${p.resource.slice(1)}`;
  const str = (k: string | undefined, fallback: string): string =>
    k !== undefined && typeof p.inputs[k] === "string" && p.inputs[k] !== ""
      ? p.inputs[k]
      : fallback;
  const extension = EXTENSIONS[key];
  if (extension !== undefined) {
    const name = str(extension.nameKey, p.guid);
    const scope = str("scope", `/subscriptions/${p.subscription}`);
    return {
      id: `${scope.replace(/\/$/, "")}/providers/${namespace}/${extension.segment}/${name}`,
      name,
      type: `${namespace}/${extension.segment}`,
    };
  }
  const path: ArmPath = PATHS[key] ?? { segment: plural(camel) };
  const name = path.fixedName ?? str(path.nameKey ?? `${camel}Name`, p.physical);
  const group = str("resourceGroupName", "offline-rg");
  const parents = (path.parents ?? []).map(([input, segment]) =>
    input === "" ? segment : `${segment}/${str(input, "unnamed")}`,
  );
  const types = [...(path.parents ?? []).map(([, s]) => s.split("/")[0]), path.segment];
  return {
    id: `/subscriptions/${p.subscription}/resourceGroups/${group}/providers/${namespace}/${[...parents, `${path.segment}/${name}`].join("/")}`,
    name,
    type: `${namespace}/${types.join("/")}`,
  };
}
