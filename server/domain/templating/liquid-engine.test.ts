import { Liquid } from 'liquidjs';
import { describe, expect, it } from 'vitest';
import { describeTemplateError, getLiquid } from './liquid-engine';
import { rewriteCallSyntax } from './rewrite-call-syntax';

const failure = (source: string, scope: object = {}): string => {
  const rewrite = rewriteCallSyntax(source);
  if (!rewrite.ok) throw new Error(rewrite.error);
  try {
    getLiquid().parseAndRenderSync(rewrite.value.text, scope);
  } catch (error) {
    return describeTemplateError(error, source, rewrite.value);
  }
  throw new Error('expected a failure');
};

describe('getLiquid', () => {
  it('returns one cached instance', () => {
    expect(getLiquid()).toBe(getLiquid());
    expect(getLiquid()).toBeInstanceOf(Liquid);
  });

  it.each([
    ['{{ o }}', { o: { a: [1, 'x'] } }, '{"a":[1,"x"]}'],
    ['{{ a }}', { a: [1, 2] }, '[1,2]'],
    ['{{ n }}', { n: null }, ''],
    ['{{ h }}', { h: '<b>&</b>' }, '<b>&</b>'],
    ['{{ o | raw }}', { o: 'x' }, 'x'],
  ])('prints %s with %j as %j (JSON for objects, no HTML escaping)', (text, scope, expected) => {
    expect(getLiquid().parseAndRenderSync(text, scope)).toBe(expected);
  });
});

describe('describeTemplateError', () => {
  it.each([
    ['{{ a }}', "unknown variable 'a' at line 1, column 4"],
    ['{{ ds_add(a, 1) }}', "unknown variable 'a' at line 1, column 11"],
    ['{{ ti.xcom.x }}', "no output from task 'x' for ti.xcom_pull (is it an upstream task that returned a value?) at line 1, column 4"],
    ['{{ 1 | f }}', "unknown filter 'f' at line 1, column 1"],
    ['{% layout "x" %}', "the 'layout' tag is not available: templates cannot read other files at line 1, column 1"],
  ])('%j → %j', (source, message) => {
    expect(failure(source, { ti: { xcom: {} } })).toBe(message);
  });

  it('rethrows what is not a LiquidJS error', () => {
    const rewrite = rewriteCallSyntax('x');
    if (!rewrite.ok) throw new Error(rewrite.error);
    expect(() => describeTemplateError(new TypeError('bug'), 'x', rewrite.value)).toThrow('bug');
  });
});
