import { awsRuleCatalogMarkdown } from '../lib/checks/aws/rule-catalog';
import { cloudflareRuleCatalogMarkdown } from '../lib/checks/cloudflare/rule-catalog';
import { securityMatrixMarkdown } from '../lib/checks/report/checklist-summary';
import { profileReferenceMarkdown } from '../lib/profile/profile-reference';
import { doctorCatalogMarkdown } from '../lib/checks/doctor/doctor-catalog';

/** Generated README sections: marker name → content. */
const SECTIONS: Readonly<Record<string, () => string>> = {
  'doctor-checks': doctorCatalogMarkdown,
  'aws-rules': awsRuleCatalogMarkdown,
  'cloudflare-rules': cloudflareRuleCatalogMarkdown,
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
