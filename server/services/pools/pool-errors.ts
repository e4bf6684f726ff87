import { AppError } from '../app-error';
import { DEFAULT_POOL } from '../workspaces/create-workspace';

export function poolNotFound(name: string): AppError {
  return new AppError('not_found', `Pool '${name}' does not exist in this workspace.`);
}

export const DEFAULT_POOL_NAME = DEFAULT_POOL.name;
