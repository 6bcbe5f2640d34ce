import { Command, CommanderError } from 'commander';
import { OutputFileError } from '../checks/report/output-file-error';
import { ProfileValidationError } from '../profile/errors';
import { CheckInputError } from './check-input-error';
import { EXIT, type CliIo } from './cli-io';
import { addCheckCommand } from './commands/check-command';
import { addDoctorCommand } from './commands/doctor-command';
import { addInfoCommands } from './commands/info-commands';
import { addSimulateCommand } from './commands/simulate-command';
import { printable } from './printable';
import { UsageError } from './usage-error';

export { EXIT, type CliIo } from './cli-io';

/** Runs the `bulwark` CLI and resolves to its exit code. Never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const setExitCode = (code: number) => {
    exitCode = code;
  };
  const program = new Command('bulwark')
    .description('Hardening profiles compiled to AWS and Cloudflare, checked in CI.')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showSuggestionAfterError(true);
  addDoctorCommand(program, io, setExitCode);
  addCheckCommand(program, io, setExitCode);
  addSimulateCommand(program, io, setExitCode);
  addInfoCommands(program, io);

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    return reportError(error, argv, io);
  }
}

function reportError(error: unknown, argv: readonly string[], io: CliIo): number {
  if (error instanceof CommanderError) {
    // Commander already printed the message; help and version are not errors.
    return error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
  }
  if (error instanceof UsageError || error instanceof OutputFileError) {
    io.stderr(`bulwark: ${printable(error.message)}\n`);
    return EXIT.badInput;
  }
  if (error instanceof CheckInputError) {
    if (wantsJson(argv))
      io.stdout(`${JSON.stringify({ error: 'invalid-input', problems: error.problems, issues: error.profileError?.issues ?? [] }, null, 2)}\n`);
    else
      io.stderr(
        [...error.problems.map((problem) => `bulwark: ${printable(problem)}`), ...(error.profileError ? [error.profileError.message] : [])].join('\n') + '\n',
      );
    return EXIT.badInput;
  }
  if (error instanceof ProfileValidationError) {
    if (wantsJson(argv)) io.stdout(`${JSON.stringify({ error: 'invalid-profile', issues: error.issues }, null, 2)}\n`);
    else io.stderr(`${error.message}\n`);
    return EXIT.badInput;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(
    `bulwark: internal error: ${message}\nPlease report it with the command you ran${process.env.BULWARK_DEBUG ? '' : ' (set BULWARK_DEBUG=1 to see the stack)'}.\n`,
  );
  if (process.env.BULWARK_DEBUG && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  return EXIT.internal;
}

/** Whether the last --format given (as commander reads it) is json. */
function wantsJson(argv: readonly string[]): boolean {
  let format: string | undefined;
  argv.forEach((arg, index) => {
    if (arg.startsWith('--format=')) format = arg.slice('--format='.length);
    else if (arg.startsWith('-f') && arg.length > 2) format = arg.slice(2);
    else if (arg === '--format' || arg === '-f') format = argv[index + 1];
  });
  return format === 'json';
}
