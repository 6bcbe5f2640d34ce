import type { Command } from 'commander';
import { securityMatrixMarkdown } from '../../checks/catalog';
import { buildPolicy } from '../../policy/normalize';
import { renderProfileJsonSchema } from '../../profile/json-schema';
import { loadProfile } from '../../profile/load';
import type { CliIo } from '../cli-io';

/** `bulwark matrix`, `policy <profile>` and `schema`: what Bulwark knows, printed; they always exit 0 on good input. */
export function addInfoCommands(program: Command, io: CliIo): void {
  program
    .command('matrix')
    .description('Print the security matrix as Markdown: each checklist item and the doctor checks, AWS rules and Cloudflare rules that enforce it.')
    .action(() => {
      io.stdout(`${securityMatrixMarkdown()}\n`);
    });

  program
    .command('policy')
    .description('Print the edge-neutral policy a profile normalizes to (JSON).')
    .argument('<profile>', 'profile file (.yaml, .yml or .json)')
    .action((file: string) => {
      io.stdout(`${JSON.stringify(buildPolicy(loadProfile(file)), null, 2)}\n`);
    });

  program
    .command('schema')
    .description('Print the JSON Schema of the profile, for editors.')
    .action(() => {
      io.stdout(renderProfileJsonSchema());
    });
}
