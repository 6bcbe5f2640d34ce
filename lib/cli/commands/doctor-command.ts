import { Option, type Command } from 'commander';
import { runDoctor } from '../../checks/doctor/run-doctor';
import { loadProfile } from '../../profile/load';
import { EXIT, layoutWidth, type CliIo, type SetExitCode } from '../cli-io';
import { formatDoctorTable } from '../doctor-table';

/** `bulwark doctor <profile>`: the profile against the checklist; exit 1 on blocking findings. */
export function addDoctorCommand(program: Command, io: CliIo, setExitCode: SetExitCode): void {
  program
    .command('doctor')
    .description('Check a profile against the checklist: exit 1 on blocking findings, 0 otherwise, 2 on bad input.')
    .argument('<profile>', 'profile file (.yaml, .yml or .json)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action((file: string, options: { format: 'table' | 'json' }) => {
      const report = runDoctor(loadProfile(file));
      io.stdout(options.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatDoctorTable(report, layoutWidth(io)));
      setExitCode(report.passed ? EXIT.ok : EXIT.findings);
    });
}
