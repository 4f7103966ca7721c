/** The part of a zod 4 schema the derivation reads; zod itself is never imported. */
export interface ZodSchemaLike {
  readonly _zod: { readonly def: ZodDef };
  safeParse(input: unknown): { readonly success: boolean };
}

/** A zod 4 definition: its `type` and type-specific fields. */
export interface ZodDef {
  readonly type: string;
  readonly [field: string]: unknown;
}
