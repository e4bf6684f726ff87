import { copyTextValue } from './postgres-copy-text';

/**
 * PostgreSQL's COPY text format (postgres-copy-text.ts) written straight into bytes: values are
 * appended cell by cell to one growing buffer, with no row arrays and no intermediate strings
 * for numbers and instants. Only text can hold the characters the format escapes (backslash,
 * tab, newline, carriage return); numbers, instants and dates are written as they are.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const BACKSLASH = 92;
const TAB = 9;
const NEWLINE = 10;
const RETURN = 13;
/** The escape letter of each byte the format escapes (\t, \n, \r, \\), 0 for every other byte. */
const ESCAPE = new Uint8Array(128);
ESCAPE[TAB] = 't'.charCodeAt(0);
ESCAPE[NEWLINE] = 'n'.charCodeAt(0);
ESCAPE[RETURN] = 'r'.charCodeAt(0);
ESCAPE[BACKSLASH] = BACKSLASH;
const DIGIT_0 = 48;

export class CopyBytes {
  private bytes: Uint8Array;
  private length = 0;

  constructor(capacity = 64 * 1024) {
    this.bytes = new Uint8Array(capacity);
  }

  private reserve(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(needed, this.bytes.length * 2));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  /** The bytes written so far (a view: valid until the next write). */
  result(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }

  tab(): void {
    this.reserve(1);
    this.bytes[this.length++] = TAB;
  }

  newline(): void {
    this.reserve(1);
    this.bytes[this.length++] = NEWLINE;
  }

  /** SQL NULL: `\N`. */
  nullValue(): void {
    this.reserve(2);
    this.bytes[this.length++] = BACKSLASH;
    this.bytes[this.length++] = 78;
  }

  /** Text that is ASCII without tab, newline, carriage return or backslash (a number's digits, an ISO instant). */
  plain(text: string): void {
    this.reserve(text.length);
    const bytes = this.bytes;
    let at = this.length;
    for (let i = 0; i < text.length; i++) bytes[at++] = text.charCodeAt(i);
    this.length = at;
  }

  /** A non-negative integer below 2^53, as decimal digits, at least `width` of them (zero-padded). */
  digits(value: number, width = 1): void {
    let count = 1;
    for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) count++;
    const size = Math.max(count, width);
    this.reserve(size);
    let at = this.length + size;
    this.length = at;
    let rest = value;
    for (let i = 0; i < size; i++) {
      const next = Math.floor(rest / 10);
      this.bytes[--at] = DIGIT_0 + (rest - next * 10);
      rest = next;
    }
  }

  /** An integer below 2^53 in magnitude, with its sign. */
  integer(value: number): void {
    if (value < 0) {
      this.reserve(1);
      this.bytes[this.length++] = 45;
      this.digits(-value);
    } else {
      this.digits(value);
    }
  }

  /** Any text, escaped as COPY needs, in UTF-8. */
  text(value: string): void {
    const start = this.length;
    this.reserve(value.length * 2);
    const bytes = this.bytes;
    let at = start;
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i);
      if (code >= 128) {
        // Not ASCII: encoded by the platform, after escaping as the string does.
        this.length = start;
        const escaped = copyTextValue(value);
        this.reserve(escaped.length * 3);
        this.length = start + encoder.encodeInto(escaped, this.bytes.subarray(start)).written;
        return;
      }
      const escape = ESCAPE[code]!;
      if (escape !== 0) {
        bytes[at++] = BACKSLASH;
        bytes[at++] = escape;
      } else {
        bytes[at++] = code;
      }
    }
    this.length = at;
  }

  /**
   * UTF-8 bytes as text, escaped as COPY needs. ASCII is copied as it is; anything else goes
   * through the decoder first, so malformed bytes load as U+FFFD exactly as text decoded alone would.
   */
  utf8(value: Uint8Array): void {
    const start = this.length;
    this.reserve(value.length * 2);
    const bytes = this.bytes;
    let at = start;
    for (let i = 0; i < value.length; i++) {
      const byte = value[i]!;
      if (byte >= 128) {
        this.length = start;
        this.text(decoder.decode(value));
        return;
      }
      const escape = ESCAPE[byte]!;
      if (escape !== 0) {
        bytes[at++] = BACKSLASH;
        bytes[at++] = escape;
      } else {
        bytes[at++] = byte;
      }
    }
    this.length = at;
  }
}
