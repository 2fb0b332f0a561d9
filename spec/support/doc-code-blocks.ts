import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';
import { DOC_BLOCKS_PRELUDE } from './doc-blocks.prelude';

/** A fenced TypeScript block of a Markdown file. */
export interface DocCodeBlock {
  /** `README.md:120` — the file (from the repo root) and the line of the opening fence. */
  readonly where: string;
  readonly code: string;
  /** The fence says `no-check`: a deliberately partial snippet, not compiled. */
  readonly skipped: boolean;
}

const FENCE = /^(\s*)```(ts|typescript)\b([^\n]*)$/;

/** Every ```ts / ```typescript block of `file` (other fences are ignored). */
export function extractCodeBlocks(file: string, root: string): DocCodeBlock[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const blocks: DocCodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (!open) {
      if (/^\s*```\S*/.test(lines[i])) i = closingFence(lines, i);
      continue;
    }
    const end = closingFence(lines, i);
    const indent = open[1].length;
    blocks.push({
      where: `${relative(root, file)}:${i + 1}`,
      code: lines.slice(i + 1, end).map((line) => line.slice(Math.min(indent, line.length - line.trimStart().length))).join('\n'),
      skipped: /\bno-check\b/.test(open[3]),
    });
    i = end;
  }
  return blocks;
}

function closingFence(lines: readonly string[], open: number): number {
  for (let j = open + 1; j < lines.length; j++) if (/^\s*```\s*$/.test(lines[j])) return j;
  throw new Error(`unclosed code fence at line ${open + 1}`);
}

/** README.md and every docs/*.md, in order. */
export function documentationFiles(root: string): string[] {
  const docs = join(root, 'docs');
  return [join(root, 'README.md'), ...readdirSync(docs).filter((name) => name.endsWith('.md')).sort().map((name) => join(docs, name))];
}

/** `chat-ts` and each `chat-ts/<x>` of package.json `exports`, mapped to the sources in lib/. */
function packagePaths(root: string): Record<string, string[]> {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; exports: Record<string, { types?: string } | string> };
  const paths: Record<string, string[]> = {};
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    const types = typeof target === 'string' ? undefined : target.types;
    if (!types) continue;
    const source = types.replace(/^\.\/dist\//, 'lib/').replace(/\.d\.ts$/, '.ts');
    paths[subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`] = [join(root, source)];
  }
  return paths;
}

/**
 * The options a block is checked with: strict (a superset of the Nest CLI's default, which has
 * `strictNullChecks`), decorators with metadata as Nest needs, ES modules (top-level `await` is
 * allowed, as in a script), and `chat-ts[/x]` resolved to lib/ as users import them.
 */
export function docCompilerOptions(root: string): ts.CompilerOptions {
  return {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts'],
    types: ['node', 'jest'], // docs show Jest suites (testing, cassettes)
    strict: true,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmit: true,
    baseUrl: root,
    paths: packagePaths(root),
  };
}

/** A block as a module of its own (so that blocks do not see each other's declarations). */
function asModule(code: string): string {
  return /^\s*(import|export)\s/m.test(code) ? code : `${code}\nexport {};\n`;
}

/**
 * Type-checks every block in one program (each block a virtual module under `<root>/.doc-blocks/`,
 * so `node_modules` resolves as for the repo; the names of `DOC_BLOCKS_PRELUDE` in scope) and
 * returns the errors per block, formatted.
 */
export function checkCodeBlocks(root: string, blocks: readonly DocCodeBlock[]): Map<string, string[]> {
  const options = docCompilerOptions(root);
  const virtual = new Map<string, string>([[join(root, '.doc-blocks', 'prelude.d.ts'), DOC_BLOCKS_PRELUDE]]);
  const owner = new Map<string, string>();
  blocks.forEach((block, index) => {
    const file = join(root, '.doc-blocks', `block-${index}.ts`);
    virtual.set(file, asModule(block.code));
    owner.set(file, block.where);
  });
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (file) => virtual.has(file) || fileExists.call(host, file);
  host.readFile = (file) => virtual.get(file) ?? readFile.call(host, file);
  host.getSourceFile = (file, language, onError, create) => {
    const text = virtual.get(file);
    return text === undefined ? getSourceFile.call(host, file, language, onError, create) : ts.createSourceFile(file, text, language, true);
  };
  const program = ts.createProgram([...virtual.keys()], options, host);
  const errors = new Map<string, string[]>();
  for (const [file, where] of owner) {
    const source = program.getSourceFile(file);
    const diagnostics = source ? [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)] : [];
    const messages = diagnostics.map((d) => {
      const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
      return `block line ${line}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    if (messages.length > 0) errors.set(where, messages);
  }
  return errors;
}
