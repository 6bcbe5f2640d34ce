/** Synthesized rules the simulator cannot read (a Web ACL of a shape AWS WAF would refuse): every problem, each naming its file and resource. Bad input, exit 2. */
export class EdgeInputError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'EdgeInputError';
  }
}
