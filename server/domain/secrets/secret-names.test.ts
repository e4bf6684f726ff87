import { describe, expect, it } from 'vitest';
import { looksSecret } from './secret-names';

describe('looksSecret', () => {
  it.each(['password', 'PASSWD', 'api_key', 'client_secret', 'access_token', 'private_key_pem', 'credentials', 'Authorization', 'passphrase'])('%s looks secret', (name) => {
    expect(looksSecret(name)).toBe(true);
  });
  it.each(['host', 'region', 'schema', 'timeout', 'database'])('%s does not', (name) => {
    expect(looksSecret(name)).toBe(false);
  });
});
