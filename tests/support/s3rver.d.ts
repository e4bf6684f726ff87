// s3rver ships no types: the part of its API the tests' S3 peer uses.
declare module 's3rver' {
  type TS3rverOptions = { port?: number; address?: string; silent?: boolean; directory: string };
  export default class S3rver {
    constructor(options: TS3rverOptions);
    run(): Promise<{ address: string; family: string; port: number }>;
    close(): Promise<void>;
  }
}

declare module 's3rver/lib/models/account.js' {
  export const DUMMY_ACCOUNT: { createKeyPair(accessKeyId: string, secretAccessKey: string): void; revokeAccessKey(accessKeyId: string): void };
}
