#!/usr/bin/env node
// The `tributary` executable: registers tsx so the TypeScript CLI runs without a build step,
// then hands over to cli/main.ts (which reads process.argv itself).
import { register } from 'tsx/esm/api';

register();
await import(new URL('./main.ts', import.meta.url).href);
