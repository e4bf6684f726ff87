/** How many days "Keep" puts the next review after today. */
export const REVIEW_AGAIN_DAYS = 90;

/** A calendar date (yyyy-mm-dd, UTC) `days` after `now`'s. */
export function dateAfter(now: Date, days: number): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days)).toISOString().slice(0, 10);
}

/**
 * A dataset's review is due once its date has passed (the day after it, UTC), until its owner
 * keeps it (a new date) or deprecates it. The catalog loop asks once per date.
 */
export function isReviewDue(review: { reviewAfter: string | null; deprecated: boolean }, now: Date): boolean {
  return review.reviewAfter !== null && !review.deprecated && review.reviewAfter < dateAfter(now, 0);
}

/** The review ask's body: who wanted the dataset and why, and when the review was due. */
export function reviewAskMessage(review: { requestedBy: string | null; requestedReason: string | null; reviewAfter: string }): string {
  const who = review.requestedBy ? `Requested by ${review.requestedBy}` : 'Nobody is recorded as its requester';
  const why = review.requestedReason ? ` (reason: ${review.requestedReason})` : '';
  return `${who}${why}, review was due ${review.reviewAfter}.`;
}
