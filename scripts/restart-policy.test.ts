import { describe, expect, it } from 'vitest';
import { restartDecision } from './restart-policy';

const now = 1_000_000;

describe('restartDecision', () => {
  it.each([
    [[now], 1_000],
    [[now - 30_000, now], 2_000],
    [[now - 50_000, now - 30_000, now], 4_000],
    [[now - 55_000, now - 50_000, now - 30_000, now], 8_000],
  ])('restarts after %j with a pause of %d ms, doubling with each crash of the last minute', (crashes, delayMs) => {
    expect(restartDecision(crashes, now)).toEqual({ restart: true, delayMs });
  });

  it('forgets crashes older than a minute', () => {
    expect(restartDecision([now - 120_000, now - 90_000, now - 61_000, now - 60_001, now], now)).toEqual({ restart: true, delayMs: 1_000 });
  });

  it('stops after five crashes within a minute', () => {
    expect(restartDecision([now - 40_000, now - 30_000, now - 20_000, now - 10_000, now], now)).toEqual({ restart: false, crashes: 5 });
  });
});
