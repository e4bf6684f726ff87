import { buildProgram } from './program';

// Each command sets process.exitCode; the process ends once its work is done.
await buildProgram().parseAsync(process.argv);
