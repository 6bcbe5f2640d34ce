import { Option, type Command } from 'commander';
import { deployedEdges, type DeployedEdge } from '../../simulate/deployed-edges';
import { EdgeInputError } from '../../simulate/edge-input-error';
import { ExpectationFileError, readExpectationFile, type ExpectationFile } from '../../simulate/expectations';
import { readRequests, type RequestFormat } from '../../simulate/requests/read-requests';
import { RequestInputError } from '../../simulate/requests/request-input-error';
import { runSimulation } from '../../simulate/run-simulation';
import type { SimulatedRequest } from '../../simulate/simulated-request';
import { cloudAssemblyManifestProblem } from '../../checks/report/read-cloud-assembly';
import { terraformOutputProblem } from '../../checks/report/read-terraform-output';
import { OutputFileError } from '../../checks/report/output-file-error';
import { CheckInputError } from '../check-input-error';
import { EXIT, layoutWidth, type CliIo, type SetExitCode } from '../cli-io';
import { jsonReportWriter, tableReportWriter } from '../simulate-report';
import { collectOutputs, removeSynthesized, type SynthOutput } from '../synthesized-outputs';
import { openOutput, outputTarget } from '../write-output';

interface SimulateOptions {
  readonly cdkOut?: string;
  readonly cdktfOut?: string;
  readonly profile?: string;
  readonly inputFormat: RequestFormat | 'auto';
  readonly expect?: string;
  readonly edge?: readonly string[];
  readonly format: 'table' | 'json';
  readonly output?: string;
  readonly limit: number;
  readonly failOnUnverified?: boolean;
}

/** How many input problems are listed; past it, the count. */
const MAX_LISTED_PROBLEMS = 50;

/** `bulwark simulate`: replays requests against the rules the synthesized apps deploy; exit 1 when an expectation is not met. */
export function addSimulateCommand(program: Command, io: CliIo, setExitCode: SetExitCode): void {
  program
    .command('simulate')
    .description(
      'Replay requests against the Web ACLs and Cloudflare zones the synthesized apps deploy (cdk.json and cdktf.json, or --cdk-out / --cdktf-out) and report what each edge does with each: exit 1 when an expectation is not met, 0 otherwise, 2 on bad input or a failed synth.',
    )
    .argument('<requests...>', 'request files: JSON Lines, HAR, or ALB, CloudFront or Cloudflare logs (see --input-format)')
    .option('--cdk-out <dir>', 'a synthesized CDK app (cloud assembly) whose AWS::WAFv2::WebACLs to simulate')
    .option('--cdktf-out <dir>', 'a synthesized cdktf app whose Cloudflare zones to simulate (its stacks/*/cdk.tf.json)')
    .option('--profile <file>', 'when the apps of cdk.json and cdktf.json are synthesized here, the profile handed to them')
    .addOption(
      new Option('--input-format <format>', 'the format of the request files (auto: by extension, else by their first line)')
        .choices(['auto', 'jsonl', 'har', 'alb', 'cloudfront', 'cloudflare'])
        .default('auto'),
    )
    .option('--expect <file>', 'expected actions by request id (YAML or JSON: `login-flood-11: block`, or per edge `{ aws: block, cloudflare: allow }`)')
    .option('--edge <name...>', 'simulate only these edges (names as the report gives them: aws, cloudflare, aws:<stack>/<id>…)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('-o, --output <file>', 'write the report to a file instead of standard output (written whole or not at all)')
    .addOption(new Option('--limit <n>', 'requests the table shows (the JSON report has them all)').argParser(positiveInteger).default(100))
    .option('--fail-on-unverified', 'exit 1 also when an expectation cannot be verified offline (a managed rule group or ruleset may act on the request)')
    .action(async (files: string[], options: SimulateOptions) => {
      // A report that cannot be written is known before anything is synthesized or read.
      if (options.output !== undefined) outputTarget(options.output);
      const problems: string[] = [];
      const outputs = collectOutputs(options, io, problems, true);
      try {
        if (outputs.length === 0 && problems.length === 0) problems.push('no cdk.json or cdktf.json here: give --cdk-out or --cdktf-out');
        for (const { kind, dir } of outputs) {
          const problem = kind === 'cdk' ? cloudAssemblyManifestProblem(dir) : terraformOutputProblem(dir);
          if (problem) problems.push(problem);
        }
        const expectations = readExpectations(options.expect, problems);
        const edges = problems.length === 0 ? selectedEdges(outputs, options.edge, problems) : [];
        if (expectations !== undefined) problems.push(...unknownEdgeNames(expectations, edges));
        problems.push(...(await requestProblems(files, options.inputFormat)));
        if (problems.length > 0) throw new CheckInputError(problems);

        const sink = options.output === undefined ? undefined : openOutput(options.output);
        const write = sink === undefined ? io.stdout : (text: string) => sink.write(text);
        // Interrupted (Ctrl-C in a long replay), the temporary file beside --output goes too.
        const interrupted = () => {
          sink?.abort();
          process.exit(130);
        };
        if (sink !== undefined) process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
        try {
          const writer = options.format === 'json' ? jsonReportWriter(write) : tableReportWriter(write, layoutWidth(io), options.limit);
          const summary = await runSimulation(requestsOf(files, options.inputFormat), edges, (outcome) => writer.request(outcome), expectations);
          writer.end(summary.toJSON());
          sink?.commit();
          setExitCode(summary.expectationsFailed || (options.failOnUnverified === true && summary.unverifiedCount > 0) ? EXIT.findings : EXIT.ok);
        } catch (error) {
          sink?.abort();
          throw error;
        } finally {
          process.off('SIGINT', interrupted).off('SIGTERM', interrupted);
        }
      } finally {
        removeSynthesized(outputs);
      }
    });
}

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed) || parsed < 1)
    throw new OutputFileError(`--limit ${value.slice(0, 20)} is not a whole number of requests of at least 1; give e.g. --limit 200`);
  return parsed;
}

function readExpectations(file: string | undefined, problems: string[]): ExpectationFile | undefined {
  if (file === undefined) return undefined;
  try {
    return readExpectationFile(file);
  } catch (error) {
    if (!(error instanceof ExpectationFileError)) throw error;
    problems.push(...error.problems.map((problem) => `--expect ${file}: ${problem}`));
    return undefined;
  }
}

/** The edges of the outputs, or only those --edge names; a name no edge has is a problem. */
function selectedEdges(outputs: readonly SynthOutput[], names: readonly string[] | undefined, problems: string[]): DeployedEdge[] {
  let edges: DeployedEdge[];
  try {
    edges = deployedEdges(
      outputs.map(({ kind, dir, synthesized }) => ({ kind, dir, label: synthesized ? `the app of ${kind === 'cdk' ? 'cdk.json' : 'cdktf.json'}` : dir })),
    );
  } catch (error) {
    if (!(error instanceof EdgeInputError)) throw error;
    problems.push(...error.problems);
    return [];
  }
  if (edges.length === 0) {
    problems.push('the synthesized apps deploy no AWS::WAFv2::WebACL and no Cloudflare zone ruleset: nothing to simulate');
    return [];
  }
  if (names === undefined) return edges;
  const known = edges.map(({ edge }) => edge.name);
  for (const name of names)
    if (!known.includes(name)) problems.push(`--edge ${JSON.stringify(name.slice(0, 80))} names no edge; the edges are ${known.join(', ')}`);
  return edges.filter(({ edge }) => names.includes(edge.name));
}

/** Per-edge expectations naming an edge (or kind) that is not simulated: a typo would otherwise expect nothing. */
function unknownEdgeNames(expectations: ExpectationFile, edges: readonly DeployedEdge[]): string[] {
  const known = new Set(edges.flatMap(({ edge }) => [edge.name, edge.kind]));
  const unknown = new Set<string>();
  for (const expectation of expectations.values())
    if ('byEdge' in expectation) for (const edge of Object.keys(expectation.byEdge)) if (!known.has(edge)) unknown.add(edge);
  return [...unknown].map(
    (edge) => `--expect names the edge ${JSON.stringify(edge.slice(0, 80))}, which is not simulated; the edges are ${[...known].join(', ') || 'none'}`,
  );
}

/** Every problem of the request files, read through once before anything is simulated: bad input never leaves a partial report. */
async function requestProblems(files: readonly string[], format: RequestFormat | 'auto'): Promise<string[]> {
  const problems: string[] = [];
  let count = 0;
  let requests = 0;
  for (const file of files) {
    try {
      for await (const record of readRequests(file, format)) {
        if (record.kind === 'request') requests += 1;
        else {
          count += 1;
          if (count <= MAX_LISTED_PROBLEMS) problems.push(`${record.location}: ${record.message}`);
        }
      }
    } catch (error) {
      if (!(error instanceof RequestInputError)) throw error;
      problems.push(error.message);
    }
  }
  if (count > MAX_LISTED_PROBLEMS) problems.push(`… and ${count - MAX_LISTED_PROBLEMS} more problems in the request files`);
  if (problems.length === 0 && requests === 0) problems.push(`${files.join(', ')}: no requests to simulate`);
  return problems;
}

/** The requests of every file in turn (already checked: problems cannot occur on this pass unless a file changed meanwhile). */
async function* requestsOf(files: readonly string[], format: RequestFormat | 'auto'): AsyncGenerator<SimulatedRequest> {
  for (const file of files) {
    try {
      for await (const record of readRequests(file, format)) {
        if (record.kind === 'request') yield record.request;
        else throw new CheckInputError([`${record.location}: ${record.message} (the file changed while it was simulated)`]);
      }
    } catch (error) {
      if (error instanceof RequestInputError) throw new CheckInputError([`${error.message} (the file changed while it was simulated)`]);
      throw error;
    }
  }
}
