import { describe, expect, it } from 'vitest';
import { isWriteConflict, retryWriteConflicts } from './retry-conflicts';

const conflict = () => Object.assign(new Error('Transaction failed due to a write conflict or a deadlock. Please retry your transaction'), { code: 'P2034' });

describe('isWriteConflict', () => {
  it.each([
    ['Prisma’s P2034', conflict()],
    ['a deadlock in a cause', new Error('query failed', { cause: new Error('deadlock detected') })],
    ['a serialization failure', new Error('could not serialize access due to concurrent update')],
  ])('knows %s', (_name, error) => {
    expect(isWriteConflict(error)).toBe(true);
  });

  it.each([
    ['a unique violation', Object.assign(new Error('Unique constraint failed'), { code: 'P2002' })],
    ['a plain value', 'deadlock detected'],
    ['nothing', undefined],
  ])('leaves %s alone', (_name, error) => {
    expect(isWriteConflict(error)).toBe(false);
  });
});

describe('retryWriteConflicts', () => {
  it('runs the work again after a conflict and returns its result', async () => {
    let calls = 0;
    const result = await retryWriteConflicts(async () => {
      calls++;
      if (calls < 3) throw conflict();
      return 'recorded';
    });
    expect([result, calls]).toEqual(['recorded', 3]);
  });

  it('gives up after the given attempts, with the last error', async () => {
    let calls = 0;
    await expect(retryWriteConflicts(async () => {
      calls++;
      throw conflict();
    }, 2)).rejects.toMatchObject({ code: 'P2034' });
    expect(calls).toBe(2);
  });

  it('does not retry any other error', async () => {
    let calls = 0;
    await expect(retryWriteConflicts(async () => {
      calls++;
      throw new Error('syntax error');
    })).rejects.toThrow('syntax error');
    expect(calls).toBe(1);
  });
});
