import { describe, expect, it } from 'vitest';
import { dateAfter, isReviewDue, reviewAskMessage } from './review-ask';

const NOW = new Date('2026-12-05T23:30:00Z');

describe('review asks', () => {
  it.each([
    [null, false, false, 'no review date'],
    ['2026-12-04', false, true, 'the date has passed'],
    ['2026-12-05', false, false, 'the date is today: not yet passed'],
    ['2027-03-01', false, false, 'a future date'],
    ['2026-12-04', true, false, 'deprecated: nothing left to review'],
  ] as [string | null, boolean, boolean, string][])('%s (deprecated %s) is due: %s — %s', (reviewAfter, deprecated, due) => {
    expect(isReviewDue({ reviewAfter, deprecated }, NOW)).toBe(due);
  });

  it('keeps for 90 days from the UTC date, across a month end', () => {
    expect(dateAfter(NOW, 90)).toBe('2027-03-05');
    expect(dateAfter(new Date('2026-01-31T10:00:00Z'), 1)).toBe('2026-02-01');
  });

  it('says who asked for the dataset, why, and when the review was due', () => {
    expect(reviewAskMessage({ requestedBy: 'bob@example.com', requestedReason: 'finance report', reviewAfter: '2026-12-04' }))
      .toBe('Requested by bob@example.com (reason: finance report), review was due 2026-12-04.');
    expect(reviewAskMessage({ requestedBy: null, requestedReason: null, reviewAfter: '2026-12-04' }))
      .toBe('Nobody is recorded as its requester, review was due 2026-12-04.');
  });
});
