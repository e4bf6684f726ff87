import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { s3ObjectRef } from '../domain/connections/s3-settings';
import type { TSensorConfig } from '../domain/dag/task-configs';
import { hasGlob } from '../domain/load/glob';
import { matchingKeys, withS3Client, type TS3Session, type TS3TaskContext } from './s3-client';
import { TaskFailure, type TResolvedConnection } from './task-type';

function isNotFound(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
  return error instanceof Error && (error.name === 'NotFound' || error.name === 'NoSuchKey' || status === 404);
}

async function exactKeyExists(session: TS3Session, bucket: string, key: string): Promise<boolean> {
  try {
    await session.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: session.signal });
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw session.failure(`looking for s3://${bucket}/${key}`, error);
  }
}

/**
 * One poke of Airflow's S3KeySensor: done when the key exists, or (wildcard_match, by default
 * when the key has wildcards) when some key under the pattern's fixed prefix matches it. A
 * session per poke, as the sql sensor's: a sensor may wait for days between pokes.
 */
export async function pokeS3Key(ctx: TS3TaskContext, connection: TResolvedConnection, config: TSensorConfig): Promise<{ done: boolean; detail: string }> {
  if (config.bucket_key === undefined) throw new Error('an s3 sensor needs bucket_key');
  const ref = s3ObjectRef(config.bucket_name, config.bucket_key);
  if (!ref.ok) throw new TaskFailure(`bucket_key: ${ref.error}`);
  const { bucket, key } = ref.value;
  const wildcard = config.wildcard_match ?? hasGlob(key);
  return withS3Client(connection, ctx, async (session) => {
    if (!wildcard) {
      const exists = await exactKeyExists(session, bucket, key);
      return { done: exists, detail: exists ? `s3://${bucket}/${key} exists` : `s3://${bucket}/${key} does not exist yet` };
    }
    for await (const match of matchingKeys(session, bucket, key)) {
      return { done: true, detail: `s3://${bucket}/${match.key} matches ${key}` };
    }
    return { done: false, detail: `no key of s3://${bucket} matches ${key} yet` };
  });
}
