import { describe, expect, it } from 'vitest';
import { inviterLabel, isInvitedEmail, isUsableInvitation, wrongAccountMessage } from './invitation-account';

const NOW = new Date('2026-12-01T12:00:00Z');
const LATER = new Date('2026-12-08T12:00:00Z');

describe('isInvitedEmail', () => {
  it.each([
    ['alice@example.com', 'alice@example.com', true],
    ['alice@example.com', 'Alice@Example.COM', true],
    ['Alice@example.com', ' alice@example.com ', true],
    ['alice@example.com', 'bob@example.com', false],
    ['alice@example.com', 'alice@example.co', false],
    ['alice@example.com', 'alice@example.com.evil.test', false],
  ])('%s accepted by %s: %s', (invited, email, expected) => {
    expect(isInvitedEmail(invited, email)).toBe(expected);
  });
});

describe('isUsableInvitation', () => {
  it.each([
    ['pending', { revokedAt: null, acceptedAt: null, expiresAt: LATER }, true],
    ['revoked', { revokedAt: NOW, acceptedAt: null, expiresAt: LATER }, false],
    ['accepted', { revokedAt: null, acceptedAt: NOW, expiresAt: LATER }, false],
    ['expiring now', { revokedAt: null, acceptedAt: null, expiresAt: NOW }, false],
  ])('%s: %s', (_name, invitation, expected) => {
    expect(isUsableInvitation(invitation, NOW)).toBe(expected);
  });
});

describe('messages', () => {
  it('names both accounts when the wrong one is signed in', () => {
    expect(wrongAccountMessage('alice@example.com', 'bob@example.com')).toBe('This invitation is for alice@example.com; you are signed in as bob@example.com.');
  });

  it.each([
    ['Grace Hopper', 'grace@example.com', 'Grace Hopper (grace@example.com)'],
    ['  ', 'grace@example.com', 'grace@example.com'],
    ['Grace', null, 'Grace'],
    [null, null, null],
  ])('labels the inviter %s <%s> as %s', (name, email, expected) => {
    expect(inviterLabel(name, email)).toBe(expected);
  });
});
