/**
 * The API report: for each entry point of the package (`exports` in package.json), every exported
 * symbol with its declaration as the published `.d.ts` states it (comments left out), sorted by
 * name, in `api/<entry>.api.md`. A change to the public surface is a diff of these files.
 *
 * Read from a built package folder (`dist/` and package.json), so the report is what users install.
 * Also lists, per entry point, the package's own types its declarations name but no entry point
 * exports (users can see them in hovers but cannot import them).
 *
 * `npm run api:update` builds and rewrites `api/`; spec/package/api-report.spec.ts regenerates the
 * report from the packed tarball and fails on any difference.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import * as ts from 'typescript';

interface ExportTarget {
  readonly types: string;
}

/** One entry point: its import specifier and its `.d.ts` file (absolute). */
export interface EntryPoint {
  readonly specifier: string;
  readonly file: string;
}

/** The entry points of the package in `packageDir`, from its package.json `exports`. */
export function entryPoints(packageDir: string): EntryPoint[] {
  const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { name: string; exports: Record<string, ExportTarget | string> };
  return Object.entries(pkg.exports)
    .filter((entry): entry is [string, ExportTarget] => typeof entry[1] === 'object')
    .map(([key, target]) => ({ specifier: key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`, file: resolve(packageDir, target.types) }));
}

/** The report file name of an entry point: `chat-ts/nest/health` → `nest-health.api.md`, the root → `index.api.md`. */
export function reportFileName(specifier: string): string {
  const parts = specifier.split('/').slice(1);
  return `${parts.length ? parts.join('-') : 'index'}.api.md`;
}

const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed });

function printDeclaration(decl: ts.Declaration): string {
  const node = ts.isVariableDeclaration(decl) && ts.isVariableStatement(decl.parent.parent) ? decl.parent.parent : decl;
  return printer.printNode(ts.EmitHint.Unspecified, node, node.getSourceFile()).trim();
}

function isOwn(decl: ts.Node, packageDir: string): boolean {
  const file = decl.getSourceFile().fileName;
  return resolve(file).startsWith(resolve(packageDir) + sep) && !file.includes(`${sep}node_modules${sep}`);
}

/** A type alias its file does not export: a private shorthand a consumer's compiler expands where it must name it. */
function isLocalTypeAlias(symbol: ts.Symbol): boolean {
  return (
    (symbol.flags & ts.SymbolFlags.TypeAlias) !== 0 &&
    (symbol.declarations ?? []).every((d) => !ts.getCombinedModifierFlags(d as ts.Declaration) || !(ts.getCombinedModifierFlags(d as ts.Declaration) & ts.ModifierFlags.Export))
  );
}

/** The names of the package's own types that a declaration refers to. */
function referencedOwnSymbols(checker: ts.TypeChecker, node: ts.Node, packageDir: string, out: Set<ts.Symbol>): void {
  const visit = (n: ts.Node): void => {
    if (ts.isTypeReferenceNode(n) || ts.isExpressionWithTypeArguments(n) || ts.isTypeQueryNode(n)) {
      const target = ts.isTypeReferenceNode(n) ? n.typeName : ts.isTypeQueryNode(n) ? n.exprName : n.expression;
      let symbol = checker.getSymbolAtLocation(target);
      if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
      if (symbol?.declarations?.some((d) => isOwn(d, packageDir) && !ts.isTypeParameterDeclaration(d)) && !isLocalTypeAlias(symbol)) out.add(symbol);
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
}

/** Generates the report of every entry point of the built package in `packageDir`: file name → content. */
export function generateApiReport(packageDir: string): Map<string, string> {
  const entries = entryPoints(packageDir);
  const program = ts.createProgram(
    entries.map((e) => e.file),
    { noEmit: true, strict: true, skipLibCheck: true, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, types: [] },
  );
  const checker = program.getTypeChecker();
  const exported = new Set<ts.Symbol>();
  const perEntry = entries.map((entry) => {
    const source = program.getSourceFile(entry.file);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error(`api-report: cannot read ${entry.file}`);
    const symbols = checker
      .getExportsOfModule(moduleSymbol)
      .map((symbol) => ({ name: symbol.getName(), target: symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const { target } of symbols) exported.add(target);
    return { entry, symbols };
  });
  const reports = new Map<string, string>();
  for (const { entry, symbols } of perEntry) {
    const referenced = new Set<ts.Symbol>();
    const sections = symbols.map(({ name, target }) => {
      const declarations = (target.declarations ?? []).filter((d) => !ts.isSourceFile(d));
      for (const d of declarations) referencedOwnSymbols(checker, d, packageDir, referenced);
      const renamed = target.getName() !== name && target.getName() !== 'default' ? ` (exported as \`${name}\`)` : '';
      const body = declarations.map(printDeclaration).join('\n\n') || `// ${target.getName()}: no declaration`;
      return `## ${name}${renamed}\n\n\`\`\`ts\n${body}\n\`\`\`\n`;
    });
    const forgotten = [...referenced].filter((s) => !exported.has(s)).map((s) => s.getName()).sort();
    const unique = [...new Set(forgotten)];
    const header = `# API report: \`${entry.specifier}\`\n\nGenerated by \`npm run api:update\` from the built \`.d.ts\` (comments left out); checked by spec/package/api-report.spec.ts. ${symbols.length} exports.\n`;
    const missing = unique.length
      ? `\n## Referenced but not exported\n\nTypes of this package named by the declarations above that no entry point exports:\n\n${unique.map((n) => `- \`${n}\``).join('\n')}\n`
      : '';
    reports.set(reportFileName(entry.specifier), `${header}\n${sections.join('\n')}${missing}`);
  }
  return reports;
}

/** Rewrites `outDir` with the report (removing reports of entry points that are gone). */
export function writeApiReport(packageDir: string, outDir: string): string[] {
  const reports = generateApiReport(packageDir);
  mkdirSync(outDir, { recursive: true });
  for (const file of readdirSync(outDir)) if (file.endsWith('.api.md') && !reports.has(file)) rmSync(join(outDir, file));
  for (const [file, content] of reports) writeFileSync(join(outDir, file), content);
  return [...reports.keys()];
}

if (require.main === module) {
  const root = resolve(__dirname, '..');
  const files = writeApiReport(root, join(root, 'api'));
  process.stdout.write(`api report: ${files.length} entry points written to api/\n`);
}
