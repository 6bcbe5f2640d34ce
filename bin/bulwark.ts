#!/usr/bin/env node
import { EXIT, runCli } from '../lib/cli/main';

// A closed or full output (a pipe to `head`, /dev/full) must not end in a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') process.stderr.write(`bulwark: cannot write output: ${error.message}\n`);
    process.exit(EXIT.internal);
  });
}

void runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  ...(process.stdout.isTTY ? { columns: process.stdout.columns } : {}),
}).then((code) => {
  process.exitCode = code;
});
