/**
 * The storage side of an Azure Function App: a storage account of its own (host state and the
 * deployment container), the deployment package as a blob in that container, and the app's
 * user-assigned identity with Storage Blob Data Owner on that account only.
 */
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as storage from "@pulumi/azure-native/storage";
import { TAG_DATA_CLASS } from "../../model/types";
import type { CloudFunctionArgs } from "./function-types";
import { assignRole } from "../access/azure-roles";
import { azureName } from "../naming/azure-name";

/** Container the Flex Consumption app deploys from. */
export const DEPLOYMENT_CONTAINER = "deployment";

/** Blob name the Functions platform gives a package deployed to the container. */
export const PACKAGE_BLOB = "released-package.zip";

/** What {@link createAzureFunctionStorage} returns. */
export interface AzureFunctionStorage {
  readonly accountName: pulumi.Output<string>;
  readonly accountId: pulumi.Output<string>;
  /** `https://<account>.blob.core.windows.net/deployment`: Flex Consumption's deployment source. */
  readonly packageContainerUrl: pulumi.Output<string>;
  /** URL of the package blob: Elastic Premium's `WEBSITE_RUN_FROM_PACKAGE`. */
  readonly packageUrl: pulumi.Output<string>;
  readonly blob: storage.Blob;
  readonly identity: managedidentity.UserAssignedIdentity;
  readonly ownerRole: authorization.RoleAssignment;
}

/** Creates the app's storage account, package blob, identity and its one role assignment. */
export function createAzureFunctionStorage(
  name: string,
  args: CloudFunctionArgs,
  resourceGroupName: pulumi.Input<string>,
  parent: pulumi.ComponentResource,
): AzureFunctionStorage {
  const location = args.site.region;
  const account = new storage.StorageAccount(
    `${name}-storage`,
    {
      resourceGroupName,
      location,
      accountName: azureName("storageAccount", args.environment, location, args.spec.name),
      kind: "StorageV2",
      sku: { name: "Standard_ZRS" },
      allowBlobPublicAccess: false,
      enableHttpsTrafficOnly: true,
      minimumTlsVersion: "TLS1_2",
      defaultToOAuthAuthentication: true,
      // Holds code and host checkpoints, no business data.
      tags: { ...args.tags, [TAG_DATA_CLASS]: "internal" },
    },
    { parent },
  );
  const container = new storage.BlobContainer(
    `${name}-deployment`,
    {
      resourceGroupName,
      accountName: account.name,
      containerName: DEPLOYMENT_CONTAINER,
      publicAccess: "None",
    },
    { parent },
  );
  const blob = new storage.Blob(
    `${name}-package`,
    {
      resourceGroupName,
      accountName: account.name,
      containerName: container.name,
      blobName: PACKAGE_BLOB,
      type: "Block",
      contentType: "application/zip",
      // The bundle folder is zipped deterministically; its hash marks the content.
      source: new pulumi.asset.FileArchive(args.bundle.dir),
      metadata: { sha256: args.bundle.sha256 },
    },
    { parent },
  );
  const identity = new managedidentity.UserAssignedIdentity(
    `${name}-identity`,
    {
      resourceGroupName,
      location,
      resourceName: azureName("generic", args.environment, location, args.spec.name),
      tags: args.tags,
    },
    { parent },
  );
  const ownerRole = assignRole(
    `${name}-storage-owner`,
    "storageBlobDataOwner",
    account.id,
    identity.principalId,
    parent,
  );
  const blobEndpoint = account.primaryEndpoints.apply((e) => e.blob);
  return {
    accountName: account.name,
    accountId: account.id,
    packageContainerUrl: pulumi.interpolate`${blobEndpoint}${DEPLOYMENT_CONTAINER}`,
    packageUrl: pulumi.interpolate`${blobEndpoint}${DEPLOYMENT_CONTAINER}/${PACKAGE_BLOB}`,
    blob,
    identity,
    ownerRole,
  };
}
