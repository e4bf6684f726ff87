import { describe, expect, it } from 'vitest';
import { CopyCellError, parquetCopyBytes, type TCopyColumn } from './parquet-copy';
import type { TParquetReading } from './parquet-types';
import { parquetText } from './parquet-values';
import { copyText } from './postgres-copy-text';

const decoded = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const utf8 = (text: string) => new TextEncoder().encode(text);

/** What the row path writes for the same values: parquetText per value, then copyText. */
function rowPath(columns: TCopyColumn[], from: number, to: number): string {
  const rows: (string | null)[][] = [];
  for (let row = from; row < to; row++) rows.push(columns.map((column) => parquetText(column.reading, column.values[row])));
  return copyText(rows);
}

function column(reading: TParquetReading, values: unknown[]): TCopyColumn {
  return { reading, values };
}

const instants = [
  0n, 1n, -1n, 999_999n, 1_000_000n, -1_000_000n, -1_000_001n, 1_709_251_201_234_567n, 1_709_251_200_000_000n,
  -62_135_596_800_000_000n, -62_135_596_800_000_001n, 253_402_300_799_999_999n, 253_402_300_800_000_000n, 951_782_400_000_000n, 4_107_542_400_000_000n,
];

describe('parquetCopyBytes', () => {
  it('writes instants exactly as parquetText does, in every unit, either side of the epoch, year 1 and year 10000', () => {
    const columns = [
      column({ kind: 'timestamp', unit: 'MICROS', utc: true }, instants),
      column({ kind: 'timestamp', unit: 'MICROS', utc: false }, instants),
      column({ kind: 'timestamp', unit: 'MILLIS', utc: true }, instants.map((micros) => micros / 1000n)),
      column({ kind: 'timestamp', unit: 'NANOS', utc: true }, instants.map((micros) => micros * 1000n - 1n)),
      column({ kind: 'timestamp', unit: 'MICROS', utc: true }, instants.map((micros) => Number(micros))),
    ];
    expect(decoded(parquetCopyBytes(columns, 0, instants.length))).toBe(rowPath(columns, 0, instants.length));
  });

  it('writes dates, integers and decimals exactly as parquetText does', () => {
    const days = [0, 1, -1, 19_783, -719_162, -719_163, 2_932_896, 2_932_897, 11_016, -141_427];
    const columns = [
      column({ kind: 'date' }, days),
      column({ kind: 'integer' }, [0, -1, 7, 2_147_483_647, -2_147_483_648, 10n, -(2n ** 63n), 2n ** 63n - 1n, 1_000_000, null]),
      column({ kind: 'decimal', scale: 2 }, [0n, 1n, -1n, 99n, -100n, 12_345n, 9_007_199_254_740_993n, -5, 100_000_00n, null]),
      column({ kind: 'decimal', scale: 0 }, [0n, 5n, -5n, 1n, 2n, 3n, 4n, 6n, 7n, 8n]),
      column({ kind: 'decimal', scale: 18 }, [1n, -1n, 10n ** 18n, 0n, 5n, 6n, 7n, 8n, 9n, 10n]),
      column({ kind: 'decimal', scale: 3 }, [new Uint8Array([0xff, 0xfe]), new Uint8Array([1]), null, 1n, 2n, 3n, 4n, 5n, 6n, 7n]),
    ];
    expect(decoded(parquetCopyBytes(columns, 0, days.length))).toBe(rowPath(columns, 0, days.length));
  });

  it('escapes text from bytes and strings, keeps non-ASCII and decodes malformed UTF-8 as the row path does', () => {
    const values = ['SQL', '', '\\N', 'a\tb\nc\rd', 'Übung – ½ ✓', '\\x41', 'emoji 🙂\t', 'ascii then ü\\'];
    const columns = [
      column({ kind: 'text' }, [...values.map(utf8), new Uint8Array([0x61, 0xff, 0x09]), null]),
      column({ kind: 'json' }, [...values, '{"a":1}', null]),
      column({ kind: 'bytes' }, [...values.map(utf8), new Uint8Array([0, 255]), new Uint8Array(0)]),
      column({ kind: 'boolean' }, [true, false, null, true, false, true, false, true, false, true]),
      column({ kind: 'nested' }, [[1, 2], { a: 'x\ty' }, null, [], [null], [1n], ['\\'], [], [], []]),
    ];
    expect(decoded(parquetCopyBytes(columns, 0, 10))).toBe(rowPath(columns, 0, 10));
  });

  it('writes only rows [from, to), and nothing for no rows', () => {
    const columns = [column({ kind: 'integer' }, [1, 2, 3, 4]), column({ kind: 'text' }, ['a', 'b', 'c', 'd'].map(utf8))];
    expect(decoded(parquetCopyBytes(columns, 1, 3))).toBe('2\tb\n3\tc\n');
    expect(parquetCopyBytes(columns, 2, 2).length).toBe(0);
  });

  it('grows past its first guess of the size', () => {
    const long = 'x'.repeat(100_000);
    const columns = [column({ kind: 'text' }, [utf8(long), utf8(`${long}\t`)])];
    expect(decoded(parquetCopyBytes(columns, 0, 2))).toBe(`${long}\n${long}\\t\n`);
  });

  it('names the column and row of a value it cannot write', () => {
    const columns = [column({ kind: 'integer' }, [1, 2]), column({ kind: 'bytes' }, [new Uint8Array(1), 'not bytes'])];
    let thrown: unknown;
    try {
      parquetCopyBytes(columns, 0, 2);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CopyCellError);
    expect(thrown).toMatchObject({ column: 1, row: 1, message: 'expected bytes, read string' });
  });
});
