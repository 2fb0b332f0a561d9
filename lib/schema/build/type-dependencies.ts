import type * as TypeScript from 'typescript';

/**
 * The source files a class's schema depends on: its own file and the files declaring the types of
 * its properties, recursively (nested classes, enums, aliases, base classes), limited to `isOwn` files.
 */
export function typeDependencies(
  ts: typeof TypeScript,
  checker: TypeScript.TypeChecker,
  declaration: TypeScript.ClassDeclaration,
  isOwn: (fileName: string) => boolean,
): string[] {
  const files = new Set<string>([declaration.getSourceFile().fileName]);
  const seen = new Set<TypeScript.Type>();
  const addDeclarations = (symbol: TypeScript.Symbol | undefined): boolean => {
    let own = false;
    for (const d of symbol?.declarations ?? []) {
      const file = d.getSourceFile().fileName;
      if (isOwn(file)) {
        files.add(file);
        own = true;
      }
    }
    return own;
  };
  const visit = (type: TypeScript.Type): void => {
    if (seen.has(type)) return;
    seen.add(type);
    addDeclarations(type.aliasSymbol);
    for (const arg of type.aliasTypeArguments ?? []) visit(arg);
    if (type.isUnionOrIntersection()) {
      type.types.forEach(visit);
      return;
    }
    if (!(type.flags & ts.TypeFlags.Object)) {
      addDeclarations(type.getSymbol());
      return;
    }
    if ((type as TypeScript.ObjectType).objectFlags & ts.ObjectFlags.Reference) {
      checker.getTypeArguments(type as TypeScript.TypeReference).forEach(visit);
    }
    if (!addDeclarations(type.getSymbol())) return;
    for (const property of checker.getPropertiesOfType(type)) {
      addDeclarations(property);
      const location = property.valueDeclaration ?? property.declarations?.[0];
      if (location) visit(checker.getTypeOfSymbolAtLocation(property, location));
    }
  };
  visit(checker.getTypeAtLocation(declaration));
  return [...files];
}
