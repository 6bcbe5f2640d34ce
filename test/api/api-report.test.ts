import { join } from 'node:path';
import { Extractor, ExtractorConfig, type ExtractorMessage } from '@microsoft/api-extractor';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');

// The public surface of each entry point, as built in dist/, against the report committed in
// api/: a change to it is deliberate when the report changes with it (`npm run api`).
describe.each(['bulwark', 'bulwark.tooling', 'bulwark.aws', 'bulwark.cloudflare', 'bulwark-cloudflare'])('the public API of %s', (entry) => {
  it('matches the committed report in api/', () => {
    const config = ExtractorConfig.loadFileAndPrepare(join(root, 'api', `${entry}.json`));
    const messages: string[] = [];
    const result = Extractor.invoke(config, {
      localBuild: false,
      messageCallback: (message: ExtractorMessage) => {
        message.handled = true;
        if (message.logLevel === 'error' || message.logLevel === 'warning') messages.push(message.formatMessageWithLocation(root));
      },
    });
    expect(result.apiReportChanged, `api/${entry}.api.md is out of date: run \`npm run api\` and commit it if the change is deliberate`).toBe(false);
    expect(messages).toEqual([]);
  }, 120_000);
});
