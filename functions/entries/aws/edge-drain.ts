/**
 * Lambda entry of the edge drain (`functions/edge/drain.ts`): EventBridge "CloudWatch Alarm State
 * Change" events of the site's health alarm. The alarm's current state is read from CloudWatch
 * (DescribeAlarms, AWS JSON 1.0) with the project's own SigV4 client, at the regional endpoint
 * `monitoring.<region>.amazonaws.com` (or `AWS_ENDPOINT_URL_CLOUDWATCH`, the variable the AWS
 * SDKs read for CloudWatch). The KeyValueStore data-plane API is signed with
 * SigV4A (its endpoint is global), so the JavaScript SigV4A signer is imported for its side
 * effect: it registers itself with the SDK's multi-region signer, without which every call fails
 * with "Neither CRT nor JS SigV4a implementation is available".
 *
 * A bad event is logged and dropped (it would fail the same way again). Any other failure is
 * thrown, so that Lambda hands the event to the function's on-failure destination.
 */
import "@aws-sdk/signature-v4a";
import {
  CloudFrontKeyValueStoreClient,
  DeleteKeyCommand,
  DescribeKeyValueStoreCommand,
  GetKeyCommand,
  PutKeyCommand,
} from "@aws-sdk/client-cloudfront-keyvaluestore";
import {
  drainFunction,
  drainTargetFromEnv,
  runDrain,
  type DrainOutcome,
  type KeyValueStoreApi,
} from "../../edge/drain";
import { awsClientFromEnv } from "../../lib/aws-client";
import { cloudWatchAlarms } from "../../lib/cloudwatch";
import { lazy } from "../../lib/lazy";

const store = lazy((): KeyValueStoreApi => {
  const client = new CloudFrontKeyValueStoreClient({});
  return {
    describeKeyValueStore: (input) => client.send(new DescribeKeyValueStoreCommand(input)),
    getKey: (input) => client.send(new GetKeyCommand(input)),
    putKey: (input) => client.send(new PutKeyCommand(input)),
    deleteKey: (input) => client.send(new DeleteKeyCommand(input)),
  };
});

const alarms = lazy(() => {
  const endpoint = process.env.AWS_ENDPOINT_URL_CLOUDWATCH;
  return cloudWatchAlarms(
    awsClientFromEnv("monitoring", { timeoutMs: 2000, ...(endpoint ? { endpoint } : {}) }),
  );
});

const drain = lazy(() => drainFunction({ ...drainTargetFromEnv(process.env), api: store, alarms }));

/** `index.handler`. */
export async function handler(event: unknown): Promise<DrainOutcome> {
  return runDrain(drain(), event);
}
