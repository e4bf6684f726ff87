/**
 * A member's role in a workspace, from least to most. Pure, so pages can hide a control the
 * server would refuse (every mutation checks the role again in services/context.ts).
 */
export const ROLES = ['viewer', 'editor', 'admin', 'owner'] as const;
export type TRole = (typeof ROLES)[number];

export function hasRole(role: TRole, atLeast: TRole): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(atLeast);
}
