/**
 * The DNS record that validates an ACM certificate, shared by the edge and entry certificates.
 */
import type * as acm from "@pulumi/aws/acm";
import type * as route53 from "@pulumi/aws/route53";
import type * as pulumi from "@pulumi/pulumi";

/**
 * The arguments of the Route 53 record that validates `certificate`, which covers the single
 * name `domainName` with DNS validation: the CNAME ACM asks for, with a one-minute TTL.
 */
export function validationRecordArgs(
  zoneId: pulumi.Input<string>,
  certificate: acm.Certificate,
  domainName: string,
): route53.RecordArgs {
  const option = certificate.domainValidationOptions.apply((options) => {
    const first = (options ?? []).find((o) => o.domainName === domainName) ?? options?.[0];
    if (first?.resourceRecordName === undefined || first.resourceRecordValue === undefined) {
      throw new Error(
        `ACM certificate for ${domainName}: must offer a DNS validation record, got none. Request it with validationMethod "DNS".`,
      );
    }
    return first;
  });
  return {
    zoneId,
    name: option.apply((o) => o.resourceRecordName),
    type: option.apply((o) => o.resourceRecordType ?? "CNAME"),
    records: [option.apply((o) => o.resourceRecordValue)],
    ttl: 60,
  };
}
