import type * as TypeScript from 'typescript';
import type { RefinableClass, RefinableProperty } from '../runtime/validator-refiner';
import type { ValidatorRule } from '../runtime/validator-metadata.reader';
import { classValidator } from '../runtime/validation-libraries';

/** How a decorator's arguments become class-validator's constraints (as its metadata stores them). */
type ConstraintsOf = (args: readonly unknown[]) => unknown[];

const none: ConstraintsOf = () => [];
const first: ConstraintsOf = ([a]) => [a];
const two: ConstraintsOf = ([a, b]) => [a, b];

/** class-validator decorators chat-ts turns into schema keywords, by export name: [name constant, constraints]. */
function decoratorTable(): ReadonlyMap<string, readonly [string, ConstraintsOf]> {
  const cv = classValidator();
  return new Map<string, readonly [string, ConstraintsOf]>([
    ['IsString', [cv.IS_STRING, none]], ['IsInt', [cv.IS_INT, none]], ['IsNumber', [cv.IS_NUMBER, none]],
    ['IsBoolean', [cv.IS_BOOLEAN, none]], ['IsArray', [cv.IS_ARRAY, none]], ['IsDate', [cv.IS_DATE, none]],
    ['Min', [cv.MIN, first]], ['Max', [cv.MAX, first]], ['IsPositive', [cv.IS_POSITIVE, none]], ['IsNegative', [cv.IS_NEGATIVE, none]],
    ['Length', [cv.IS_LENGTH, two]], ['MinLength', [cv.MIN_LENGTH, first]], ['MaxLength', [cv.MAX_LENGTH, first]],
    ['IsNotEmpty', [cv.IS_NOT_EMPTY, none]], ['Matches', [cv.MATCHES, first]], ['IsEmail', [cv.IS_EMAIL, none]],
    ['IsUrl', [cv.IS_URL, none]], ['IsUUID', [cv.IS_UUID, none]], ['IsDateString', [cv.IS_DATE_STRING, none]],
    ['IsISO8601', [cv.IS_ISO8601, none]], ['IsEnum', [cv.IS_ENUM, two]], ['IsIn', [cv.IS_IN, first]], ['Equals', [cv.EQUALS, first]],
    ['ArrayMinSize', [cv.ARRAY_MIN_SIZE, first]], ['ArrayMaxSize', [cv.ARRAY_MAX_SIZE, first]],
    ['ArrayNotEmpty', [cv.ARRAY_NOT_EMPTY, none]], ['ArrayUnique', [cv.ARRAY_UNIQUE, none]], ['IsOptional', [cv.IS_OPTIONAL, none]],
  ]);
}

const CLASS_VALIDATOR_FILE = /[\\/]class-validator[\\/]/;
const UNKNOWN = Symbol('unknown');

/**
 * Reads the class-validator decorators of a class from its source (no code runs), so that
 * `chat-ts schema` merges their constraints into the generated schema: `@Min(1)`, `@Length(1, 80)`,
 * `@Matches(/^[A-Z]{4}$/)`, `@IsEnum(Unit)`, `@IsIn(['a', 'b'])`, `{ each: true }`... Arguments must
 * be literals, constants or enums; others are skipped (the source's own types still hold).
 */
export class ValidatorDecoratorReader {
  private readonly table = decoratorTable();
  private readonly views = new Map<TypeScript.ClassLikeDeclaration, RefinableClass>();

  constructor(
    private readonly ts: typeof TypeScript,
    private readonly checker: TypeScript.TypeChecker,
  ) {}

  /** The class as the refiner sees it: its properties' validator rules and nested classes. */
  classView(declaration: TypeScript.ClassLikeDeclaration): RefinableClass {
    let view = this.views.get(declaration);
    if (!view) {
      view = { key: declaration, properties: () => this.propertiesOf(declaration) };
      this.views.set(declaration, view);
    }
    return view;
  }

  private propertiesOf(declaration: TypeScript.ClassLikeDeclaration): RefinableProperty[] {
    const { ts, checker } = this;
    const symbol = declaration.name ? checker.getSymbolAtLocation(declaration.name) : undefined;
    if (!symbol) return [];
    const instance = checker.getDeclaredTypeOfSymbol(symbol);
    const result: RefinableProperty[] = [];
    for (const property of checker.getPropertiesOfType(instance)) {
      const decl = property.valueDeclaration;
      if (!decl || !ts.isPropertyDeclaration(decl)) continue;
      const rules = (ts.getDecorators(decl) ?? []).map((d) => this.ruleOf(d)).filter((r): r is ValidatorRule => r !== undefined);
      result.push({ name: property.getName(), rules, nested: () => this.nestedOf(property, decl) });
    }
    return result;
  }

  private ruleOf(decorator: TypeScript.Decorator): ValidatorRule | undefined {
    const { ts, checker } = this;
    const call = decorator.expression;
    if (!ts.isCallExpression(call)) return undefined;
    const callee = ts.isPropertyAccessExpression(call.expression) ? call.expression.name : call.expression;
    let symbol = checker.getSymbolAtLocation(callee);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    if (!symbol || !(symbol.declarations ?? []).some((d) => CLASS_VALIDATOR_FILE.test(d.getSourceFile().fileName))) return undefined;
    const known = this.table.get(symbol.getName());
    if (!known) return undefined;
    const [name, constraintsOf] = known;
    const each = call.arguments.some((a) => ts.isObjectLiteralExpression(a) && a.properties.some((p) => ts.isPropertyAssignment(p) && p.name.getText() === 'each' && p.initializer.kind === ts.SyntaxKind.TrueKeyword));
    const args = call.arguments.map((a, i) => (name === classValidator().IS_ENUM && i === 0 ? this.enumValues(a) : this.evaluate(a)));
    const constraints = constraintsOf(name === classValidator().IS_ENUM ? [undefined, args[0]] : args).map((c) => (c === UNKNOWN ? undefined : c));
    return { name, constraints, each };
  }

  /** A literal value (number, string, boolean, null, RegExp, array of those, constant, enum member), or UNKNOWN. */
  private evaluate(node: TypeScript.Expression): unknown {
    const { ts, checker } = this;
    if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node)) return this.evaluate(node.expression);
    if (ts.isRegularExpressionLiteral(node)) {
      const text = node.text;
      const end = text.lastIndexOf('/');
      try {
        return new RegExp(text.slice(1, end), text.slice(end + 1));
      } catch {
        return UNKNOWN;
      }
    }
    if (ts.isArrayLiteralExpression(node)) {
      const items = node.elements.map((e) => this.evaluate(e));
      return items.includes(UNKNOWN) ? UNKNOWN : items;
    }
    if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
    if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
    if (node.kind === ts.SyntaxKind.NullKeyword) return null;
    const type = checker.getTypeAtLocation(node);
    if (type.isNumberLiteral() || type.isStringLiteral()) return type.value;
    return UNKNOWN;
  }

  /** The values of an enum (as class-validator's `@IsEnum()` lists them), or UNKNOWN. */
  private enumValues(node: TypeScript.Expression): unknown {
    const { ts, checker } = this;
    let symbol = checker.getSymbolAtLocation(node);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    if (!symbol || !(symbol.flags & ts.SymbolFlags.Enum)) return UNKNOWN;
    const values: unknown[] = [];
    for (const declaration of symbol.declarations ?? []) {
      if (!ts.isEnumDeclaration(declaration)) continue;
      for (const member of declaration.members) {
        const value = checker.getConstantValue(member);
        if (value === undefined) return UNKNOWN;
        values.push(value);
      }
    }
    return values;
  }

  /** The class a property holds (or holds an array of), when it is one declared in source. */
  private nestedOf(property: TypeScript.Symbol, decl: TypeScript.PropertyDeclaration): { cls: RefinableClass; array: boolean } | undefined {
    const { ts, checker } = this;
    let type = checker.getNonNullableType(checker.getTypeOfSymbolAtLocation(property, decl));
    let array = false;
    if (checker.isArrayType(type)) {
      array = true;
      type = checker.getNonNullableType(checker.getTypeArguments(type as TypeScript.TypeReference)[0]);
    }
    const declaration = type.getSymbol()?.declarations?.find((d): d is TypeScript.ClassDeclaration => ts.isClassDeclaration(d));
    if (!declaration || declaration.getSourceFile().isDeclarationFile) return undefined;
    return { cls: this.classView(declaration), array };
  }
}
