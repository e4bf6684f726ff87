import { describe, expect, it } from 'vitest';
import { barHeight, columnPitch, labelEvery } from './grid-layout';

describe('columnPitch', () => {
  it.each([
    [1232, 25, 22],
    [1232, 50, 20],
    [1232, 100, 12],
    [1232, 365, 12],
    [2560, 100, 22],
    [0, 25, 22],
  ])('%i px for %i runs: %i px a column', (available, runs, pitch) => {
    expect(columnPitch(available, runs)).toBe(pitch);
  });
});

describe('labelEvery', () => {
  it.each([[22, 1], [14, 1], [13, 2], [12, 2]])('pitch %i: every %i', (pitch, every) => {
    expect(labelEvery(pitch)).toBe(every);
  });
});

describe('barHeight', () => {
  it('scales with the duration against the longest run', () => {
    expect([barHeight(null, 100), barHeight(0, 100), barHeight(50, 100), barHeight(100, 100), barHeight(10, 0)]).toEqual([4, 4, 22, 40, 4]);
  });
});
