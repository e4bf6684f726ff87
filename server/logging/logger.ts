import pino from 'pino';
import { env } from '../env';

/** JSON logs; each process, request and job takes a child logger with its own fields. */
export const logger = pino({
  level: env().LOG_LEVEL,
  base: { pid: process.pid },
  timestamp: pino.stdTimeFunctions.isoTime,
});

export type TLogger = typeof logger;
