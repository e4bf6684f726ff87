import { randomUUID } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import path from 'node:path';
import {
  AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CopyObjectCommand, CreateMultipartUploadCommand, DeleteObjectCommand,
  ListMultipartUploadsCommand, PutObjectCommand, UploadPartCommand,
} from '@aws-sdk/client-s3';
import { s3ObjectRef } from '../domain/connections/s3-settings';
import type { TLoadConfig } from '../domain/dag/task-configs';
import type { TLoadRow } from './load-rows';
import { rowChecker, validatePlan, type TLoadTarget, type TTargetPlan } from './load-target';
import { listKeys, withS3Client, type TS3Session, type TS3TaskContext } from './s3-client';
import { openParquetFile, type TParquetFileWriter } from './parquet-writer';
import { csvLine, jsonLine } from './s3-object-encoding';
import { TaskFailure, type TResolvedConnection, type TTaskLog } from './task-type';

export type TS3Target = Extract<TLoadConfig['target'], { key: string }>;

/** S3's smallest part but the last; parts are sent at this size, so one part is what memory holds. */
export const S3_PART_BYTES = 5 * 1024 * 1024;
/** A single CopyObject copies at most 5 GiB. */
const MAX_COPY_BYTES = 5 * 1024 ** 3;
export const S3_TEMP_INFIX = '.tributary-tmp-';

function copySource(bucket: string, key: string): string {
  return `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

/**
 * An object as a load's target: the rows are written under `<key>.tributary-tmp-<attempt>` (a
 * multipart upload of ≥ 5 MiB parts, or one PUT when small), then copied onto the key in one
 * CopyObject and the temporary object deleted. A reader sees the old object or the new one,
 * never a part; a failure (or a killed worker) leaves the old object as it was, and the next
 * attempt removes what the killed one left under the temporary prefix.
 */
class S3ObjectTarget implements TLoadTarget {
  readonly display: string;
  private readonly tempKey: string;
  private uploadId: string | null = null;
  private parts: { PartNumber: number; ETag: string | undefined }[] = [];
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private totalBytes = 0;
  /** Parquet is written to a local file first (its footer comes last), then uploaded part by part. */
  private parquet: { path: string; file: TParquetFileWriter } | null = null;

  constructor(
    private readonly session: TS3Session,
    private readonly bucket: string,
    private readonly key: string,
    private readonly format: TS3Target['format'],
    private readonly log: TTaskLog,
    private readonly tempDir: string,
  ) {
    this.display = `s3://${bucket}/${key}`;
    this.tempKey = `${key}${S3_TEMP_INFIX}${randomUUID()}`;
  }

  private async call<T>(what: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw this.session.failure(what, error);
    }
  }

  async prepare(plan: TTargetPlan): Promise<number> {
    validatePlan(plan);
    if (plan.strategy.kind !== 'full_refresh') {
      throw new TaskFailure(`an S3 object is replaced whole: use mode full_refresh, and put {{ ds }} in target.key for one object per logical date (${this.display})`);
    }
    await this.removeEarlierAttempts();
    if (this.format === 'csv') this.append(csvLine(plan.columns.map((column) => column.name)));
    if (this.format === 'parquet') {
      const file = path.join(this.tempDir, `s3-target-${randomUUID()}.parquet`);
      this.parquet = { path: file, file: await openParquetFile(file, plan.columns) };
    }
    return 0;
  }

  /** What a killed attempt left: temporary objects, and (where the store lists them) unfinished uploads. */
  private async removeEarlierAttempts(): Promise<void> {
    const prefix = `${this.key}${S3_TEMP_INFIX}`;
    for await (const object of listKeys(this.session, this.bucket, prefix)) {
      await this.call(`deleting s3://${this.bucket}/${object.key}`, () => this.session.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: object.key })));
      this.log.system(`Deleted s3://${this.bucket}/${object.key}, left by an earlier attempt`);
    }
    let uploads;
    try {
      uploads = await this.session.client.send(new ListMultipartUploadsCommand({ Bucket: this.bucket, Prefix: prefix }), { abortSignal: this.session.signal });
    } catch (error) {
      // An unfinished upload is never visible as an object: some stores (s3rver) cannot list them, and that only costs space.
      if (error instanceof Error && error.name === 'NotImplemented') return;
      throw this.session.failure(`listing unfinished uploads under s3://${this.bucket}/${prefix}`, error);
    }
    for (const upload of uploads.Uploads ?? []) {
      if (upload.Key === undefined || upload.UploadId === undefined) continue;
      const command = new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: upload.Key, UploadId: upload.UploadId });
      await this.call(`aborting the upload of s3://${this.bucket}/${upload.Key}`, () => this.session.client.send(command));
      this.log.system(`Aborted the unfinished upload of s3://${this.bucket}/${upload.Key}, left by an earlier attempt`);
    }
  }

  private append(text: string | Buffer): void {
    const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
  }

  writer(plan: TTargetPlan) {
    const check = rowChecker(plan);
    let offset = 0;
    return {
      write: async (rows: TLoadRow[]): Promise<number> => {
        check(rows, offset + 1);
        offset += rows.length;
        if (this.parquet !== null) {
          await this.parquet.file.write(rows);
          return rows.length;
        }
        for (const row of rows) this.append(this.format === 'csv' ? csvLine(row) : jsonLine(plan.columns, row));
        if (this.pendingBytes >= S3_PART_BYTES) await this.uploadPart();
        return rows.length;
      },
    };
  }

  private async uploadPart(): Promise<void> {
    const body = Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    await this.sendPart(body);
  }

  private async sendPart(body: Buffer): Promise<void> {
    if (this.uploadId === null) {
      const created = await this.call(`starting the upload of ${this.display}`, () =>
        this.session.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: this.tempKey }), { abortSignal: this.session.signal }));
      this.uploadId = created.UploadId ?? null;
      if (this.uploadId === null) throw new TaskFailure(`the store gave no upload id for ${this.display}`);
    }
    const PartNumber = this.parts.length + 1;
    const command = new UploadPartCommand({ Bucket: this.bucket, Key: this.tempKey, UploadId: this.uploadId, PartNumber, Body: body });
    const uploaded = await this.call(`uploading part ${PartNumber} of ${this.display}`, () => this.session.client.send(command, { abortSignal: this.session.signal }));
    this.parts.push({ PartNumber, ETag: uploaded.ETag });
    this.totalBytes += body.length;
    this.log.system(`Uploaded part ${PartNumber} (${body.length} bytes) of ${this.display} under its temporary key`);
  }

  /** The last part, the upload's completion, then the one copy that makes the object visible. */
  async finish(): Promise<void> {
    const temp = `s3://${this.bucket}/${this.tempKey}`;
    if (this.parquet !== null) await this.uploadParquetFile();
    if (this.uploadId === null) {
      const body = Buffer.concat(this.pending);
      this.totalBytes = body.length;
      await this.call(`writing ${temp}`, () => this.session.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.tempKey, Body: body }), { abortSignal: this.session.signal }));
    } else {
      if (this.pendingBytes > 0) await this.uploadPart();
      const command = new CompleteMultipartUploadCommand({ Bucket: this.bucket, Key: this.tempKey, UploadId: this.uploadId, MultipartUpload: { Parts: this.parts } });
      await this.call(`completing the upload of ${temp}`, () => this.session.client.send(command, { abortSignal: this.session.signal }));
      this.uploadId = null;
    }
    if (this.totalBytes > MAX_COPY_BYTES) throw new TaskFailure(`${this.display} would be ${this.totalBytes} bytes: one copy into place moves at most 5 GiB; split the load into several keys`);
    // No abort signal from here: the copy is the switch, and the cleanup after it should not be cut off.
    await this.call(`copying ${temp} onto ${this.display}`, () =>
      this.session.client.send(new CopyObjectCommand({ Bucket: this.bucket, Key: this.key, CopySource: copySource(this.bucket, this.tempKey) })));
    this.log.system(`Replaced ${this.display} (${this.totalBytes} bytes) in one copy`);
    // The object is in place: a temporary copy that cannot be deleted now is the next attempt's to remove.
    await this.session.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.tempKey })).catch((error: unknown) => {
      this.log.system(`Could not delete ${temp} (the next load into ${this.display} removes it): ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  /** The finished Parquet file, read back in parts of S3_PART_BYTES (the last one smaller), so memory holds one part. */
  private async uploadParquetFile(): Promise<void> {
    const { path: file, file: writer } = this.parquet!;
    const { rows, bytes } = await writer.close();
    this.log.system(`Wrote ${rows} rows as Parquet (${bytes} bytes); uploading it`);
    const handle = await open(file, 'r');
    try {
      for (let position = 0; position < bytes; position += S3_PART_BYTES) {
        const part = Buffer.alloc(Math.min(S3_PART_BYTES, bytes - position));
        await handle.read(part, 0, part.length, position);
        // The last part stays pending: finish() sends it (or PUTs the whole file when it is the only one).
        if (position + part.length < bytes) await this.sendPart(part);
        else this.append(part);
      }
    } finally {
      await handle.close();
      await rm(file, { force: true });
    }
    this.parquet = null;
  }

  /** A failed load: its unfinished upload aborted and its temporary object (if any) deleted; the key is untouched. */
  async abandon(): Promise<void> {
    if (this.parquet !== null) {
      await this.parquet.file.abort().catch(() => undefined);
      await rm(this.parquet.path, { force: true });
    }
    if (this.uploadId !== null) {
      await this.session.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: this.tempKey, UploadId: this.uploadId })).catch(() => undefined);
    }
    await this.session.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.tempKey })).catch(() => undefined);
  }
}

/** Opens an object of an `s3` connection as a load's target for `work` (see S3ObjectTarget). */
export async function withS3LoadTarget<T>(
  connection: TResolvedConnection,
  target: TS3Target,
  ctx: TS3TaskContext & { log: TTaskLog; tempDir: string },
  work: (target: TLoadTarget) => Promise<T>,
): Promise<T> {
  const ref = s3ObjectRef(target.bucket, target.key);
  if (!ref.ok) throw new TaskFailure(`target.key: ${ref.error}`);
  return withS3Client(connection, ctx, async (session) => {
    const objectTarget = new S3ObjectTarget(session, ref.value.bucket, ref.value.key, target.format, ctx.log, ctx.tempDir);
    try {
      return await work(objectTarget);
    } catch (error) {
      await objectTarget.abandon();
      throw error;
    }
  });
}
