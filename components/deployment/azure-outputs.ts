/**
 * What the Azure part of the global stack and of each regional stack exports, as later stacks
 * read it through their stack reference. The deployment (`azure.ts`) and the site's function
 * assembly (`azure-site-functions.ts`) both use these shapes, so they live apart from either.
 */

/** What the global stack exports as `azure`. */
export interface AzureGlobalOutputs {
  readonly resourceGroupName: string;
  readonly location: string;
  readonly frontDoor?: {
    readonly profileName: string;
    readonly endpointName: string;
    readonly frontDoorId: string;
    readonly hostName: string;
    /** Origin group resource id per HTTP function. */
    readonly originGroups: Record<string, string>;
    /** Custom domains every route lists (`api`, `azure.api`), when there is a Route 53 zone. */
    readonly customDomainIds?: string[];
  };
  /** Per database name. */
  readonly cosmos: Record<
    string,
    {
      accountId: string;
      accountName: string;
      databaseName: string;
      containerName: string;
      /** The order claims container, in a database that trading uses. */
      claimsContainerName?: string;
    }
  >;
}

/** What an Azure site's regional stack exports as `azure` (read by later sites for peering). */
export interface AzureSiteOutputs {
  readonly resourceGroupName: string;
  readonly location: string;
  readonly vnetId: string;
  readonly vnetName: string;
  /** HTTPS URL per function. */
  readonly functions: Record<string, string>;
}
