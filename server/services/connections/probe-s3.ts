import { ListBucketsCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { describeS3Endpoint, describeS3Error, s3ClientSettings, s3ConnectionBucket, type TS3ConnectionFields } from '../../domain/connections/s3-settings';
import type { TEgressPolicy } from '../../domain/egress/decide-egress';
import { EgressRefusedError } from '../../integrations/egress';
import { guardedS3Client } from '../../integrations/egress-s3';
import { PROBE_TIMEOUT_MS, withDeadline } from './probe-deadline';

/**
 * The "Test" button for an `s3` connection: through the same egress guard as a task's client,
 * list at most one object of extra.bucket when the connection names one (what tasks need:
 * ListBucket on that bucket), else the account's buckets. A refusal is answered in the store's
 * words (AccessDenied, NoSuchBucket, InvalidAccessKeyId…); the keys are never part of one.
 */
export async function probeS3(connection: TS3ConnectionFields, egress: TEgressPolicy): Promise<{ status: boolean; message: string }> {
  const settings = s3ClientSettings(connection);
  if (!settings.ok) return { status: false, message: settings.error };
  const bucket = s3ConnectionBucket(connection);
  if (!bucket.ok) return { status: false, message: bucket.error };
  const where = `${describeS3Endpoint(settings.value)} (region ${settings.value.region})`;
  // One attempt: a Test reports what happened, it does not wait out the SDK's retries.
  const client = guardedS3Client(egress, settings.value, { connectionTimeoutMs: PROBE_TIMEOUT_MS, requestTimeoutMs: PROBE_TIMEOUT_MS, maxAttempts: 1 });
  try {
    const listed = await withDeadline(list(client, bucket.value), `listing ${bucket.value === undefined ? 'buckets' : `bucket ${bucket.value}`} on ${where}`);
    return { status: true, message: `Connected to ${where} and ${listed}.` };
  } catch (error) {
    if (error instanceof EgressRefusedError) return { status: false, message: error.message };
    return { status: false, message: `Could not list ${bucket.value === undefined ? 'buckets' : `bucket ${bucket.value}`} on ${where}: ${describeS3Error(error)}` };
  } finally {
    client.destroy();
  }
}

async function list(client: S3Client, bucket: string | undefined): Promise<string> {
  if (bucket !== undefined) {
    await client.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 1 }));
    return `listed bucket ${bucket}`;
  }
  const { Buckets } = await client.send(new ListBucketsCommand({}));
  const count = Buckets?.length ?? 0;
  return `listed ${count} bucket${count === 1 ? '' : 's'}`;
}
