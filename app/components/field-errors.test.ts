import { describe, expect, it } from 'vitest';
import { fieldErrorProps, fieldErrorsOf } from './field-errors';

const LABELS = { connId: 'Conn id', port: 'Port' };

describe('fieldErrorsOf', () => {
  it.each([
    {
      name: 'zod issues land on their fields, named by label, not as JSON',
      error: { message: '[{"code":"invalid_format"}]', data: { zodIssues: [{ path: 'connId', message: 'Use letters, digits' }] } },
      expected: { fields: { connId: 'Conn id: use letters, digits' }, other: [] },
    },
    {
      name: 'a nested path belongs to its first segment; only the first problem of a field is kept',
      error: { message: 'x', data: { zodIssues: [{ path: 'port.0', message: 'too big' }, { path: 'port', message: 'second' }] } },
      expected: { fields: { port: 'Port: too big' }, other: [] },
    },
    {
      name: 'a field the form lacks is reported apart, with its path',
      error: { message: 'x', data: { zodIssues: [{ path: 'extra.ssl', message: 'Expected object' }] } },
      expected: { fields: {}, other: ['extra.ssl: expected object'] },
    },
    {
      name: "a service's problems map like zod's",
      error: { message: 'x', data: { problems: [{ path: 'connId', message: 'already exists' }] } },
      expected: { fields: { connId: 'Conn id: already exists' }, other: [] },
    },
    {
      name: 'an error without issues keeps its message',
      error: { message: 'Connection pg already exists.', data: { zodIssues: [], problems: [] } },
      expected: { fields: {}, other: ['Connection pg already exists.'] },
    },
    { name: 'no error, no messages', error: null, expected: { fields: {}, other: [] } },
  ])('$name', ({ error, expected }) => {
    expect(fieldErrorsOf(error, LABELS)).toEqual(expected);
  });

  it('ties an input to its message only when the field has one', () => {
    const errors = { fields: { connId: 'Conn id: bad' }, other: [] };
    expect(fieldErrorProps(errors, 'connId', 'conn-id')).toEqual({ 'aria-invalid': true, 'aria-describedby': 'conn-id-error' });
    expect(fieldErrorProps(errors, 'port', 'conn-port')).toEqual({ 'aria-invalid': false });
  });
});
