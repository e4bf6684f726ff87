#!/usr/bin/env node
// The `tributary` executable: registers tsx so the TypeScript CLI runs without a build step,
// then hands over to cli/main.ts (which reads process.argv itself).
// First: on an old Node.js this stops with one sentence, before anything else can fail.
import '../scripts/node-version.mjs';
import { register } from 'tsx/esm/api';

register();
await import(new URL('./main.ts', import.meta.url).href);
