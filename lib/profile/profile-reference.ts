import { describeSchemaNode, profileJsonSchema, type JsonSchemaNode } from './json-schema';

/** Every field of the profile as a Markdown table (field, what it takes, default, description), from the JSON Schema. */
export function profileReferenceMarkdown(): string {
  const rows: string[] = [];
  const visit = (node: JsonSchemaNode, path: string) => {
    const properties = node.type === 'object' ? node.properties : undefined;
    const items = node.type === 'array' ? node.items : undefined;
    if (path !== '') {
      const nested = properties !== undefined || (items?.type === 'object' && items.properties !== undefined);
      const takes = nested ? (items ? 'a list of objects' : 'an object') : describeSchemaNode(node);
      const defaultValue = node.default === undefined || nested ? '' : `\`${JSON.stringify(node.default)}\``;
      rows.push(`| \`${path}\` | ${escape(takes)} | ${escape(defaultValue)} | ${escape(node.description ?? '')} |`);
    }
    for (const [name, child] of Object.entries(properties ?? {})) visit(child, path === '' ? name : `${path}.${name}`);
    if (items?.type === 'object' && items.properties) for (const [name, child] of Object.entries(items.properties)) visit(child, `${path}[].${name}`);
  };
  visit(profileJsonSchema(), '');
  return ['| Field | Takes | Default | Description |', '|---|---|---|---|', ...rows].join('\n');
}

function escape(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
