/**
 * Azure built-in role definitions Tachyon assigns, by their fixed GUIDs (the same in every
 * tenant), and a helper that assigns one to a managed identity at the narrowest scope.
 */
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";
import * as authorization from "@pulumi/azure-native/authorization";
import * as cosmosdb from "@pulumi/azure-native/cosmosdb";

/** Built-in Azure RBAC role definition ids. */
export const AZURE_ROLES = {
  /** Read, write, delete blobs and containers: Flex Consumption deployment and host storage. */
  storageBlobDataOwner: "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
  /** Publish telemetry to Application Insights with local auth disabled. */
  monitoringMetricsPublisher: "3913510d-42f4-4e42-8a64-420c390055eb",
  /** Receive events from an Event Hub. */
  eventHubsDataReceiver: "a638d3c7-ab3a-418d-83e6-5f17a39d4fde",
  /** Send events to an Event Hub. */
  eventHubsDataSender: "2b629674-e913-4c01-ae53-ef4638d8f975",
  /** Receive messages from a Service Bus queue. */
  serviceBusDataReceiver: "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0",
  /** Send messages to a Service Bus queue. */
  serviceBusDataSender: "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39",
} as const;

/** Cosmos DB data-plane role "Cosmos DB Built-in Data Contributor" (a SQL role, not RBAC). */
export const COSMOS_DATA_CONTRIBUTOR = "00000000-0000-0000-0000-000000000002";

/** The subscription part (`/subscriptions/<id>`) of an Azure resource id. */
export function subscriptionOf(resourceId: string): string {
  return resourceId.split("/").slice(0, 3).join("/");
}

/**
 * Assigns a built-in role to a service principal at `scope` (a resource id). The role definition
 * id is built from the scope's own subscription, so no subscription lookup is needed.
 */
export function assignRole(
  name: string,
  role: keyof typeof AZURE_ROLES,
  scope: pulumi.Input<string>,
  principalId: pulumi.Input<string>,
  parent: pulumi.Resource,
): authorization.RoleAssignment {
  return new authorization.RoleAssignment(
    name,
    {
      scope,
      principalId,
      // Skips the directory lookup that fails while a new identity is still replicating.
      principalType: "ServicePrincipal",
      roleDefinitionId: pulumi
        .output(scope)
        .apply(
          (s) =>
            `${subscriptionOf(s)}/providers/Microsoft.Authorization/roleDefinitions/${AZURE_ROLES[role]}`,
        ),
    },
    { parent },
  );
}

/** A GUID derived from `parts`: stable names for resources Azure names by GUID. */
export function guidFrom(...parts: string[]): string {
  const h = createHash("sha256").update(parts.join("\0")).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** A Cosmos DB SQL container: the database holding it and its own name. */
export interface CosmosContainerRef {
  readonly database: string;
  readonly container: string;
}

/**
 * The data-plane scope of one container, `<account id>/dbs/<database>/colls/<container>`: a
 * role assignment's scope is an account, a database or a container
 * (https://learn.microsoft.com/azure/cosmos-db/how-to-setup-rbac#role-assignments).
 */
export function cosmosContainerScope(accountId: string, ref: CosmosContainerRef): string {
  return `${accountId}/dbs/${ref.database}/colls/${ref.container}`;
}

/**
 * The id of a function's Cosmos DB data-plane role assignment on one container. The id names the
 * assignment within its account, and one account serves every site of a multi-write database,
 * each deploying from its own stack: so the site, the account, the function and the container all
 * go into it, and no two sites ever create, take over or delete each other's assignment. The
 * provider replaces an assignment whose scope changes (pulumi/pulumi-azure-native#3711), and the
 * new one, under an id of its own, is created before the old one is deleted: the function keeps a
 * grant throughout.
 */
export function cosmosRoleAssignmentId(
  site: string,
  accountId: string,
  fn: string,
  ref: CosmosContainerRef,
): string {
  // Azure resource ids are case-insensitive; Cosmos DB database and container ids are not.
  return guidFrom("cosmos-data", site, accountId.toLowerCase(), fn, ref.database, ref.container);
}

/**
 * Lets `principalId` read and write the documents of one Cosmos DB SQL container (data plane,
 * built-in Data Contributor, assigned on that container alone) — the account has local keys
 * disabled, so this is the only way in. `owner` is the site id and function name the assignment
 * belongs to (see {@link cosmosRoleAssignmentId}).
 */
export function grantCosmosData(
  name: string,
  owner: { site: string; function: string },
  cosmos: {
    resourceGroupName: pulumi.Input<string>;
    accountName: pulumi.Input<string>;
    accountId: pulumi.Input<string>;
    databaseName: pulumi.Input<string>;
    containerName: pulumi.Input<string>;
  },
  principalId: pulumi.Input<string>,
  parent: pulumi.Resource,
): cosmosdb.SqlResourceSqlRoleAssignment {
  const target = pulumi.all([cosmos.accountId, cosmos.databaseName, cosmos.containerName]);
  return new cosmosdb.SqlResourceSqlRoleAssignment(
    name,
    {
      resourceGroupName: cosmos.resourceGroupName,
      accountName: cosmos.accountName,
      roleAssignmentId: target.apply(([id, database, container]) =>
        cosmosRoleAssignmentId(owner.site, id, owner.function, { database, container }),
      ),
      // Data Contributor is readMetadata plus containers/* and items/*, each at the assigned scope
      // (https://learn.microsoft.com/azure/cosmos-db/nosql/security/reference-data-plane-roles);
      // the functions' REST client makes point reads and writes of documents and no metadata
      // request (functions/lib/cosmos.ts), so the container's scope holds all they do.
      roleDefinitionId: pulumi.interpolate`${cosmos.accountId}/sqlRoleDefinitions/${COSMOS_DATA_CONTRIBUTOR}`,
      scope: target.apply(([id, database, container]) =>
        cosmosContainerScope(id, { database, container }),
      ),
      principalId,
    },
    { parent },
  );
}
