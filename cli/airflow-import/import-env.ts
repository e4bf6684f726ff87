import { z } from 'zod';
import { CliError } from '../cli-error';

/**
 * The importer's one client-side setting, read here as cli-env.ts reads the CLI's others:
 * TRIBUTARY_PYTHON names the interpreter that parses the Airflow files (a virtualenv's python,
 * say); without it, `python3` from PATH. PATH is passed on so that `python3` resolves as in the
 * user's shell; nothing else of the environment reaches the reader.
 */
const ZImportEnvSchema = z.object({
  TRIBUTARY_PYTHON: z.string().min(1, 'must name a Python 3.10+ interpreter, like /usr/bin/python3').optional(),
  PATH: z.string().default('/usr/local/bin:/usr/bin:/bin'),
});

export function importEnv(): { python: string; path: string } {
  const parsed = ZImportEnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError(`${issue?.path.join('.') ?? 'environment'}: ${issue?.message ?? 'invalid'}`);
  }
  return { python: parsed.data.TRIBUTARY_PYTHON ?? 'python3', path: parsed.data.PATH };
}
