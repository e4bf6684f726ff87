import { describe, expect, it } from 'vitest';
import { generateKey, parseKey, SecretBox } from './secret-box';

describe('SecretBox', () => {
  const box = new SecretBox(generateKey());

  it('round-trips a secret and never stores it in clear', () => {
    const stored = box.encrypt('s3cr3t-password');
    expect(stored).not.toContain('s3cr3t');
    expect(box.decrypt(stored)).toBe('s3cr3t-password');
  });

  it('uses a fresh IV each time', () => {
    expect(box.encrypt('same')).not.toBe(box.encrypt('same'));
  });

  it('refuses a value encrypted with another key or tampered with', () => {
    const other = new SecretBox(generateKey());
    expect(() => other.decrypt(box.encrypt('x'))).toThrow();
    const [v, iv, tag, body] = box.encrypt('hello').split(':');
    const flipped = Buffer.from(body!, 'base64');
    flipped[0] = flipped[0]! ^ 1;
    expect(() => box.decrypt([v, iv, tag, flipped.toString('base64')].join(':'))).toThrow();
  });

  it.each([
    ['too short hex', 'abcd'],
    ['31 bytes base64', Buffer.alloc(31).toString('base64')],
  ])('rejects a key that is %s', (_label, key) => {
    expect(() => parseKey(key)).toThrow(/32 bytes/);
  });

  it('accepts hex and base64 keys', () => {
    expect(parseKey('ab'.repeat(32))).toHaveLength(32);
    expect(parseKey(Buffer.alloc(32, 7).toString('base64'))).toHaveLength(32);
  });
});
