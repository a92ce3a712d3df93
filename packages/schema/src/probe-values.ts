import { type GraphQLSchema, isEnumType, isInputObjectType, isScalarType, isSpecifiedScalarType, Kind, type TypeNode } from 'graphql';

/** What a probe sends for one declared variable. */
export interface ProbeValue {
  /** A value of the wrong shape for the variable's declared type. */
  value: unknown;
  /**
   * Whether every server must refuse it: true for the built-in scalars, enums
   * and input objects; false for custom scalars (a JSON scalar accepts
   * anything) and types the baseline schema does not know.
   */
  certain: boolean;
}

/** What an input object is sent: a string is never an object. */
export const NOT_AN_OBJECT = 'wandb-schema probe: not a valid value';
/** What everything else is sent: an object is never a String, Int, Float, Boolean, ID or enum value. */
export const NOT_A_SCALAR: Readonly<Record<string, never>> = Object.freeze({});

function namedTypeOf(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedTypeOf(type.type);
}

/**
 * A value that variable coercion must refuse for a variable declared with
 * `type`, judged by what `schema` (the baseline) says the named type is. A
 * list type gets the item's wrong value: input coercion wraps a single value
 * into a list of one, whose item then fails.
 */
export function invalidValue(type: TypeNode, schema: GraphQLSchema): ProbeValue {
  const named = schema.getType(namedTypeOf(type));
  if (isInputObjectType(named)) return { value: NOT_AN_OBJECT, certain: true };
  if (isEnumType(named)) return { value: NOT_A_SCALAR, certain: true };
  if (isScalarType(named)) return { value: NOT_A_SCALAR, certain: isSpecifiedScalarType(named) };
  return { value: NOT_A_SCALAR, certain: false };
}
