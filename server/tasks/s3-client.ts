import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { TTaskType as TTaskTypeName } from '../domain/dag/task-configs';
import { describeS3Endpoint, describeS3Error, isS3ConnType, s3ClientSettings } from '../domain/connections/s3-settings';
import { globMatcher, globPrefix } from '../domain/load/glob';
import { EgressRefusedError } from '../integrations/egress';
import { guardedS3Client } from '../integrations/egress-s3';
import { TaskFailure, type TResolvedConnection, type TTaskRunContext } from './task-type';

export type TS3TaskContext = Pick<TTaskRunContext<TTaskTypeName>, 'signal' | 'egress'>;

/** An s3 connection's client for a task, and how its failures are named. */
export type TS3Session = {
  client: S3Client;
  signal: AbortSignal;
  /** The store's error (or the egress refusal) as a TaskFailure saying what was being done. */
  failure(what: string, error: unknown): Error;
};

/**
 * Opens a client on an `s3` connection (through the egress guard) for `work`, and closes its
 * sockets afterwards. Refuses another type of connection by name.
 */
export async function withS3Client<T>(connection: TResolvedConnection, ctx: TS3TaskContext, work: (session: TS3Session) => Promise<T>): Promise<T> {
  if (!isS3ConnType(connection.connType)) {
    throw new TaskFailure(`connection '${connection.connId}' has conn_type '${connection.connType}': objects need an s3 connection`);
  }
  const settings = s3ClientSettings(connection);
  if (!settings.ok) throw new TaskFailure(settings.error);
  const where = `connection '${connection.connId}' (${describeS3Endpoint(settings.value)})`;
  const client = guardedS3Client(ctx.egress, settings.value);
  const failure = (what: string, error: unknown): Error => {
    if (error instanceof TaskFailure) return error;
    // An abort is the engine's (timeout, clear): it names the reason itself.
    if (ctx.signal.aborted) return ctx.signal.reason instanceof Error ? ctx.signal.reason : new Error(String(ctx.signal.reason));
    if (error instanceof EgressRefusedError) return new TaskFailure(`connection '${connection.connId}': ${error.message}`);
    return new TaskFailure(`${what} on ${where} failed: ${describeS3Error(error)}`);
  };
  try {
    return await work({ client, signal: ctx.signal, failure });
  } finally {
    client.destroy();
  }
}

/** Every key of `bucket` under `prefix`, in the store's (lexicographic) order, page by page. */
export async function* listKeys(session: TS3Session, bucket: string, prefix: string): AsyncGenerator<{ key: string; size: number }> {
  let token: string | undefined;
  do {
    let page;
    try {
      page = await session.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }), { abortSignal: session.signal });
    } catch (error) {
      throw session.failure(`listing s3://${bucket}/${prefix}`, error);
    }
    for (const object of page.Contents ?? []) {
      if (object.Key !== undefined) yield { key: object.Key, size: object.Size ?? 0 };
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
}

/** The keys a glob matches (the listing of its fixed prefix, filtered), in key order. */
export async function* matchingKeys(session: TS3Session, bucket: string, pattern: string): AsyncGenerator<{ key: string; size: number }> {
  const matches = globMatcher(pattern);
  for await (const object of listKeys(session, bucket, globPrefix(pattern))) {
    if (matches(object.key)) yield object;
  }
}
