/**
 * A workspace connection with its secrets decrypted: what the worker's preparation hands a task
 * type (the engine masks the secrets in task logs). Here, below both, so task types need not
 * import the service that decrypts it.
 */
export type TResolvedConnection = {
  connId: string;
  connType: string;
  host: string | null;
  port: number | null;
  login: string | null;
  password: string | null;
  schema: string | null;
  extra: Record<string, unknown>;
};

/** A resolved connection, or one given in full to the "Test" action (whose fields may be absent): what each type's settings read. */
export type TConnectionFields = {
  connId: string;
  connType?: string;
  host?: string | null;
  port?: number | null;
  login?: string | null;
  password?: string | null;
  schema?: string | null;
  extra?: Record<string, unknown> | null;
};
