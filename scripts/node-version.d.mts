export declare const REQUIRED: { major: number; minor: number };
/** The sentence to stop with, or null when `version` (as process.versions.node) will do. */
export declare function nodeVersionProblem(version: string): string | null;
