import { describe, expect, it } from 'vitest';
import { ALERT_CHANNEL_FIELDS, ALERT_CHANNEL_TYPES } from '../../../../../server/domain/alerts/alert-channel';
import { CHANNEL_FIELDS, configFromForm, describeConfig, formFromConfig } from './channel-fields';

describe('the alert channel form', () => {
  it.each(ALERT_CHANNEL_TYPES)('has exactly the fields the server takes for %s, secrets marked as such', (type) => {
    const fields = CHANNEL_FIELDS[type];
    expect(fields.filter((field) => !field.secret).map((field) => field.name).sort()).toEqual(Object.keys(ALERT_CHANNEL_FIELDS[type].shown.shape).sort());
    expect(fields.filter((field) => field.secret).map((field) => field.name).sort()).toEqual(Object.keys(ALERT_CHANNEL_FIELDS[type].secret.shape).sort());
  });

  it('leaves out an empty secret (keep it on edit) and splits lists on commas', () => {
    expect(configFromForm('slack', { channel: ' #alerts ', token: '' })).toEqual({ channel: '#alerts' });
    expect(configFromForm('slack', { channel: '#alerts', token: 'xoxb-1' })).toEqual({ channel: '#alerts', token: 'xoxb-1' });
    expect(configFromForm('email', { to: 'a@x.com, b@x.com,,' })).toEqual({ to: ['a@x.com', 'b@x.com'] });
  });

  it('fills the edit form from the shown config and describes it in one line', () => {
    expect(formFromConfig('email', { to: ['a@x.com', 'b@x.com'] })).toEqual({ to: 'a@x.com, b@x.com' });
    expect(formFromConfig('slack', { channel: '#alerts' })).toEqual({ channel: '#alerts', token: '' });
    expect(describeConfig({ to: ['a@x.com', 'b@x.com'] })).toBe('a@x.com, b@x.com');
    expect(describeConfig({})).toBe('');
  });
});
