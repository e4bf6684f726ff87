import { AppError } from '../../server/services/app-error';
import { CliError } from '../cli-error';

/** Services throw AppError; the admin commands hand it to the CLI's one error printer. */
export async function asCliErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError) throw new CliError(error.message, { title: error.code, problems: error.problems });
    throw error;
  }
}
