import { catalogMarkdown, securityMatrixMarkdown } from '../lib/checks/catalog';
import { CHECK_PACKS } from '../lib/checks/check-packs';
import { profileReferenceMarkdown } from '../lib/profile/profile-reference';

/** Generated README sections: marker name → content. */
const SECTIONS: Readonly<Record<string, () => string>> = {
  'doctor-checks': () => catalogMarkdown(CHECK_PACKS.doctor),
  'aws-rules': () => catalogMarkdown(CHECK_PACKS.aws),
  'cloudflare-rules': () => catalogMarkdown(CHECK_PACKS.cloudflare),
  'security-matrix': securityMatrixMarkdown,
  'profile-reference': profileReferenceMarkdown,
};

/** README text with every generated section replaced by its current content. */
export function renderReadme(readme: string): string {
  let text = readme;
  for (const [name, render] of Object.entries(SECTIONS)) {
    const start = `<!-- ${name}:start (generated: npm run readme) -->`;
    const end = `<!-- ${name}:end -->`;
    const from = text.indexOf(start);
    const to = text.indexOf(end);
    if (from < 0 || to < from) throw new Error(`README.md lacks the ${name} markers`);
    text = `${text.slice(0, from + start.length)}\n${render()}\n${text.slice(to)}`;
  }
  return text;
}
