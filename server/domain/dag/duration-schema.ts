import { z } from 'zod';
import { parseDuration } from '../duration';

/** A duration in a spec (`300`, `5m`, `1h30m`, `PT5M`), parsed to seconds. */
export const ZDurationSchema = z
  .union([z.number(), z.string()], {
    error: 'expected a duration: seconds or a string like 30s, 5m, 1h30m, PT5M',
  })
  .transform((value, ctx) => {
    const parsed = parseDuration(value);
    if (parsed.ok) return parsed.value;
    ctx.addIssue({ code: 'custom', message: parsed.error, input: value });
    return z.NEVER;
  });

export type TDuration = z.output<typeof ZDurationSchema>;
