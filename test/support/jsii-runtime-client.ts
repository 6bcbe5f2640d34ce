import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** A reference to an object that lives in the jsii runtime. */
export interface ObjRef {
  readonly '$jsii.byref': string;
}

/** A struct (a jsii data type) passed by value. */
export const struct = (fqn: string, data: Record<string, unknown>) => ({ '$jsii.struct': { fqn, data } });

/** An enum member, as `bulwark.WebAclScope/CLOUDFRONT`. */
export const enumMember = (member: string) => ({ '$jsii.enum': member });

interface Manifest {
  readonly version: string;
  readonly dependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly bundleDependencies?: readonly string[];
  readonly bundledDependencies?: readonly string[];
}

/**
 * The jsii libraries `roots` need, dependencies first: each package's dependencies that it does
 * not bundle, and its peers, as the Python, Java, .NET and Go packages load them.
 */
export function jsiiLoadOrder(modules: string, roots: readonly string[]): { name: string; version: string }[] {
  const order: { name: string; version: string }[] = [];
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const manifest = JSON.parse(readFileSync(join(modules, name, 'package.json'), 'utf8')) as Manifest;
    const bundled = new Set(manifest.bundleDependencies ?? manifest.bundledDependencies ?? []);
    for (const dependency of Object.keys(manifest.dependencies ?? {})) if (!bundled.has(dependency)) visit(dependency);
    for (const peer of Object.keys(manifest.peerDependencies ?? {})) visit(peer);
    if (!existsSync(join(modules, name, '.jsii'))) throw new Error(`${name} is not a jsii library: a jsii library may depend on it only by bundling it`);
    order.push({ name, version: manifest.version });
  };
  roots.forEach(visit);
  return order;
}

/** An installed package as the tarball the jsii runtime loads (npm's layout: everything under `package/`). */
export function tarballOf(modules: string, name: string, directory: string): string {
  const tarball = join(directory, `${name.replace('/', '+')}.tgz`);
  execFileSync('tar', ['-C', modules, '-czf', tarball, `--transform=s,^${name},package,`, name]);
  return tarball;
}

/**
 * Talks to the jsii runtime (@jsii/runtime's kernel process, the one the Python, Java, .NET and
 * Go packages start) over its JSON-lines protocol, as those languages' generated code does.
 */
export class JsiiRuntimeClient {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending: ((message: Record<string, unknown>) => void)[] = [];
  private readonly received: Record<string, unknown>[] = [];

  public constructor(runtime: string) {
    this.child = spawn(process.execPath, [runtime], { env: { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' } });
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      const message = JSON.parse(line) as Record<string, unknown>;
      const waiting = this.pending.shift();
      if (waiting) waiting(message);
      else this.received.push(message);
    });
  }

  /** The runtime's greeting, `{ hello: '@jsii/runtime@<version>' }`. */
  public hello(): Promise<Record<string, unknown>> {
    return this.next();
  }

  /** Sends one request; resolves with its `ok` answer, rejects with the runtime's error message (what Python raises as RuntimeError). */
  public async call<T = unknown>(request: Record<string, unknown>): Promise<T> {
    this.child.stdin.write(`${JSON.stringify(request)}\n`);
    const answer = await this.next();
    if ('error' in answer) throw new Error(String(answer.error));
    if (!('ok' in answer)) throw new Error(`unexpected message from the jsii runtime: ${JSON.stringify(answer).slice(0, 200)}`);
    return answer.ok as T;
  }

  public load(name: string, version: string, tarball: string): Promise<{ assembly: string; types: number }> {
    return this.call({ api: 'load', name, version, tarball });
  }

  public create(fqn: string, args: readonly unknown[]): Promise<ObjRef> {
    return this.call({ api: 'create', fqn, args });
  }

  public async staticInvoke(fqn: string, method: string, args: readonly unknown[]): Promise<unknown> {
    return (await this.call<{ result?: unknown }>({ api: 'sinvoke', fqn, method, args })).result;
  }

  public async invoke(objref: ObjRef, method: string, args: readonly unknown[] = []): Promise<unknown> {
    return (await this.call<{ result?: unknown }>({ api: 'invoke', objref, method, args })).result;
  }

  public async get(objref: ObjRef, property: string): Promise<unknown> {
    return (await this.call<{ value?: unknown }>({ api: 'get', objref, property })).value;
  }

  public close(): void {
    this.child.stdin.end();
    this.child.kill();
  }

  private next(): Promise<Record<string, unknown>> {
    const received = this.received.shift();
    return received ? Promise.resolve(received) : new Promise((resolve) => this.pending.push(resolve));
  }
}
