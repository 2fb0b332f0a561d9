import { relative } from 'node:path';
import type * as TypeScript from 'typescript';

/** A class found by the scanner. */
export interface ScannedClass {
  readonly declaration: TypeScript.ClassDeclaration;
  readonly symbol: TypeScript.Symbol;
  readonly className: string;
  /** Export name in its module (`default` for a default export); undefined when not exported. */
  readonly exportName?: string;
  readonly fileName: string;
  readonly description?: string;
}

/** A `@Tool()` method found by the scanner. */
export interface ScannedTool {
  readonly owner: ScannedClass;
  readonly method: string;
  readonly description?: string;
  /** The arguments class, when the method takes one. */
  readonly args?: ScannedClass;
}

/** What the scanner found in a program. */
export interface ScanResult {
  readonly schemaClasses: ScannedClass[];
  readonly tools: ScannedTool[];
  readonly warnings: string[];
}

const DECORATOR_FILE = { Tool: /[\\/]decorators[\\/]tool\.decorator\.(d\.)?ts$/, Schema: /[\\/]decorators[\\/]schema\.decorator\.(d\.)?ts$/ };
const NO_ARGUMENTS_FILE = /[\\/]tools[\\/]no-arguments\.(d\.)?ts$/;

/**
 * Finds, in the source files the build compiles, every `@Schema()` class and every `@Tool()` method with
 * its arguments class (from the first parameter's type, or `@Tool({ args: () => X })`). Decorators
 * are recognised by their declaration (chat-ts's `Tool`/`Schema`, whatever the import alias).
 */
export function scanDecoratedClasses(ts: typeof TypeScript, program: TypeScript.Program, projectDir: string, skip: (fileName: string) => boolean = () => false): ScanResult {
  const checker = program.getTypeChecker();
  const result: ScanResult = { schemaClasses: [], tools: [], warnings: [] };
  // Every file the build compiles (its root files and what they import), except packages: a spec
  // file the tsconfig excludes is compiled by nobody, so it is not here.
  const scanned = (file: string): boolean => !/[\\/]node_modules[\\/]/.test(file) && !skip(file);

  const resolveAlias = (symbol: TypeScript.Symbol | undefined): TypeScript.Symbol | undefined =>
    symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;

  const isChatTs = (decorator: TypeScript.Decorator, name: 'Tool' | 'Schema'): boolean => {
    let expression = decorator.expression;
    if (ts.isCallExpression(expression)) expression = expression.expression;
    const node = ts.isPropertyAccessExpression(expression) ? expression.name : expression;
    const symbol = resolveAlias(checker.getSymbolAtLocation(node));
    return symbol?.getName() === name && (symbol.declarations ?? []).some((d) => DECORATOR_FILE[name].test(d.getSourceFile().fileName));
  };

  const docOf = (symbol: TypeScript.Symbol | undefined): string | undefined => {
    const text = symbol ? ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim() : '';
    return text === '' ? undefined : text;
  };

  const describeClass = (symbol: TypeScript.Symbol): ScannedClass | undefined => {
    const declaration = symbol.declarations?.find(ts.isClassDeclaration);
    if (!declaration) return undefined;
    const sourceFile = declaration.getSourceFile();
    const moduleSymbol = checker.getSymbolAtLocation(sourceFile);
    const exported = moduleSymbol ? checker.getExportsOfModule(moduleSymbol).find((e) => resolveAlias(e) === symbol) : undefined;
    return {
      declaration,
      symbol,
      className: declaration.name?.text ?? 'default',
      exportName: exported?.getName(),
      fileName: sourceFile.fileName,
      description: docOf(symbol),
    };
  };

  const argsFromOption = (decorator: TypeScript.Decorator): TypeScript.Symbol | undefined => {
    if (!ts.isCallExpression(decorator.expression)) return undefined;
    const [options] = decorator.expression.arguments;
    if (!options || !ts.isObjectLiteralExpression(options)) return undefined;
    const property = options.properties.find((p) => ts.isPropertyAssignment(p) && p.name.getText() === 'args');
    const init = property && ts.isPropertyAssignment(property) ? property.initializer : undefined;
    if (!init || !ts.isArrowFunction(init) || !ts.isExpression(init.body)) return undefined;
    return resolveAlias(checker.getSymbolAtLocation(init.body));
  };

  const visitClass = (declaration: TypeScript.ClassDeclaration): void => {
    const symbol = declaration.name ? checker.getSymbolAtLocation(declaration.name) : undefined;
    const owner = symbol ? describeClass(symbol) : undefined;
    if (!owner) return;
    const label = `${owner.className} (${relative(projectDir, owner.fileName)})`;
    if ((ts.getDecorators(declaration) ?? []).some((d) => isChatTs(d, 'Schema'))) {
      if (owner.exportName) result.schemaClasses.push(owner);
      else result.warnings.push(`@Schema() class ${label} is not exported; it gets its schema at run time`);
    }
    for (const member of declaration.members) {
      if (!ts.isMethodDeclaration(member) || !ts.canHaveDecorators(member)) continue;
      const decorator = (ts.getDecorators(member) ?? []).find((d) => isChatTs(d, 'Tool'));
      if (!decorator) continue;
      const method = member.name.getText();
      if (!owner.exportName) {
        result.warnings.push(`@Tool() ${owner.className}.${method} (${relative(projectDir, owner.fileName)}): the class is not exported; skipped`);
        continue;
      }
      const description = docOf(checker.getSymbolAtLocation(member.name));
      const first = member.parameters[0];
      const argsSymbol = argsFromOption(decorator) ?? (first ? resolveAlias(checker.getTypeAtLocation(first).getSymbol()) : undefined);
      if (!argsSymbol) {
        if (first) result.warnings.push(`@Tool() ${owner.className}.${method}: the arguments type is not a class; collectTools() will refuse it`);
        result.tools.push({ owner, method, description });
        continue;
      }
      const args = argsSymbol.flags & ts.SymbolFlags.Class ? describeClass(argsSymbol) : undefined;
      if (!args) {
        result.warnings.push(`@Tool() ${owner.className}.${method}: the arguments type ${argsSymbol.getName()} is not a class; collectTools() will refuse it`);
        result.tools.push({ owner, method, description });
      } else if (NO_ARGUMENTS_FILE.test(args.fileName)) {
        result.tools.push({ owner, method, description });
      } else if (!args.exportName) {
        result.warnings.push(`@Tool() ${owner.className}.${method}: its arguments class ${args.className} is not exported; it gets its schema at run time`);
        result.tools.push({ owner, method, description });
      } else {
        result.tools.push({ owner, method, description, args });
      }
    }
  };

  for (const sourceFile of program.getSourceFiles()) {
    if (sourceFile.isDeclarationFile || !scanned(sourceFile.fileName)) continue;
    const visit = (node: TypeScript.Node): void => {
      if (ts.isClassDeclaration(node)) visitClass(node);
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  return result;
}
