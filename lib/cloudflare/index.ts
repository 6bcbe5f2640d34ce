export * from './cloudflare-zone-hardening';
export * from './compile-zone';
export * from './plans';
export * from './expression/ast';
export * from './expression/parse';
export * from './expression/print';
export * from './expression/lint';
export * from './expression/fields';
