import { describe, expect, it } from 'vitest';
import { formatByteSize, parseByteSize } from './byte-size';

describe('parseByteSize', () => {
  it.each([
    ['4096', 4096],
    ['2GiB', 2 * 1024 ** 3],
    ['2 GB', 2 * 1024 ** 3],
    ['512MiB', 512 * 1024 ** 2],
    ['1.5g', 1.5 * 1024 ** 3],
    ['10 KiB', 10 * 1024],
    ['1TiB', 1024 ** 4],
    ['100 bytes', 100],
  ])('%s is %d bytes', (text, bytes) => {
    expect(parseByteSize(text)).toBe(bytes);
  });

  it.each(['', 'GiB', '-1GiB', '2 parsecs', '1e3', 'two'])('%s is not a size', (text) => {
    expect(parseByteSize(text)).toBeNull();
  });
});

describe('formatByteSize', () => {
  it.each([
    [1024 ** 3, '1 GiB'],
    [1.5 * 1024 ** 3, '1.5 GiB'],
    [20 * 1024 ** 2, '20 MiB'],
    [10 * 1024, '10 KiB'],
    [500, '500 bytes'],
    [1, '1 byte'],
  ])('%d is %s', (bytes, text) => {
    expect(formatByteSize(bytes)).toBe(text);
  });
});
