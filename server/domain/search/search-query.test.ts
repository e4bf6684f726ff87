import { describe, expect, it } from 'vitest';
import { parseSearchQuery } from './search-query';

describe('parseSearchQuery', () => {
  it.each([
    ['  Course   Summary ', { text: 'course summary', terms: ['course', 'summary'], tsQuery: 'course:* & summary:*', nameText: 'course summary' }],
    ['cours_sumary', { terms: ['cours', 'sumary'], likePattern: '%cours\\_sumary%' }],
    ['warehouse.public.orders', { nameText: 'public.orders', likePattern: '%public.orders%', terms: ['warehouse', 'public', 'orders'] }],
    ['public.orders', { nameText: 'public.orders', tableText: 'orders' }],
    ['warehouse.analytics.public.orders_daily', { nameText: 'analytics.public.orders_daily', tableText: 'orders_daily' }],
    ['cours_sumary', { tableText: 'cours_sumary' }],
    ['s3://bucket/raw/events.json', { tableText: 's3://bucket/raw/events.json' }],
    ['public.', { tableText: 'public.' }],
    ["100% o'brien & co | !x", { tsQuery: '100:* & o:* & brien:* & co:* & x:*', likePattern: "%100\\% o'brien & co | !x%" }],
    ['revenue revenue', { terms: ['revenue'] }],
    ['-- ::', { terms: [], tsQuery: null }],
  ])('%j', (raw, expected) => {
    expect(parseSearchQuery(raw)).toMatchObject(expected);
  });
});
