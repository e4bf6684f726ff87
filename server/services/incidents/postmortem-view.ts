export const POSTMORTEM_MAX_CHARS = 200_000;

export type TPostmortemRevisionItem = { id: string; author: string | null; createdAt: Date };

/** An incident's post-mortem: author null for the product's own draft. */
export type TPostmortemView = {
  markdown: string;
  isDraft: boolean;
  author: string | null;
  updatedAt: Date;
  /** Newest first. */
  revisions: TPostmortemRevisionItem[];
};
