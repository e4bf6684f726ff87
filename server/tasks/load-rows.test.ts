import { describe, expect, it } from 'vitest';
import { readAhead } from './load-rows';

/** A source of `count` batches that records when each read starts and ends. */
function recordedSource(count: number, events: string[], failAt?: number): AsyncIterable<number> {
  return {
    async *[Symbol.asyncIterator]() {
      for (let batch = 1; batch <= count; batch++) {
        events.push(`read ${batch} started`);
        await new Promise((resolve) => setImmediate(resolve));
        if (batch === failAt) throw new Error(`read ${batch} failed`);
        events.push(`read ${batch} done`);
        yield batch;
      }
    },
  };
}

describe('readAhead', () => {
  it('gives every batch in order, reading the next while the caller works on the current, never two ahead', async () => {
    const events: string[] = [];
    const seen: number[] = [];
    for await (const batch of readAhead(recordedSource(3, events))) {
      events.push(`write ${batch} started`);
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
      events.push(`write ${batch} done`);
      seen.push(batch);
    }
    expect(seen).toEqual([1, 2, 3]);
    const at = (event: string) => events.indexOf(event);
    // The next read starts before the current write ends, and is done by the time that write ends here.
    expect(at('read 2 started')).toBeLessThan(at('write 1 done'));
    expect(at('read 3 started')).toBeLessThan(at('write 2 done'));
    // Never two ahead: batch 3 is not read until batch 1 has been written.
    expect(at('read 3 started')).toBeGreaterThan(at('write 1 done'));
    expect(events.filter((event) => event.startsWith('read'))).toHaveLength(6);
  });

  it('passes on a read that fails while the caller is still taking batches', async () => {
    const seen: number[] = [];
    const reading = (async () => {
      for await (const batch of readAhead(recordedSource(3, [], 2))) seen.push(batch);
    })();
    await expect(reading).rejects.toThrow('read 2 failed');
    expect(seen).toEqual([1]);
  });

  it('passes on a read ahead that fails while the caller is still writing, without an unhandled rejection meanwhile', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const writing = (async () => {
        for await (const _batch of readAhead(recordedSource(3, [], 2))) {
          // A slow write: the read of batch 2 fails long before it ends.
          for (let tick = 0; tick < 5; tick++) await new Promise((resolve) => setTimeout(resolve, 5));
        }
      })();
      await expect(writing).rejects.toThrow('read 2 failed');
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('leaves a read ahead that fails after the caller stopped without an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const writing = (async () => {
        for await (const _batch of readAhead(recordedSource(3, [], 2))) throw new Error('write 1 failed');
      })();
      await expect(writing).rejects.toThrow('write 1 failed');
      for (let tick = 0; tick < 5; tick++) await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
