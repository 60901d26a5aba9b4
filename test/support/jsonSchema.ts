// A JSON Schema check for the keywords the model schema uses (draft-07: type, enum, properties,
// required, additionalProperties, items, minItems, minimum, maximum, exclusiveMinimum, oneOf,
// $ref into definitions). The pack takes no dependency for a validator; this is enough to show
// that the shipped schema and the engine agree on the shipped models.

type Schema = Record<string, unknown>;

export function schemaErrors(
	schema: Schema,
	value: unknown,
	root: Schema = schema,
	path = '',
): string[] {
	if (typeof schema.$ref === 'string') {
		const name = schema.$ref.replace('#/definitions/', '');
		return schemaErrors((root.definitions as Record<string, Schema>)[name], value, root, path);
	}
	const errors: string[] = [];
	const where = path || '(root)';

	if (schema.type !== undefined) {
		const types = Array.isArray(schema.type) ? schema.type : [schema.type];
		if (!types.some((type) => hasType(value, String(type)))) {
			return [`${where}: is not of type ${types.join(' or ')}`];
		}
	}
	if (Array.isArray(schema.enum) && !schema.enum.some((option) => option === value)) {
		errors.push(`${where}: is not one of ${JSON.stringify(schema.enum)}`);
	}
	if (typeof value === 'number') errors.push(...numberErrors(schema, value, where));
	if (Array.isArray(value)) {
		if (typeof schema.minItems === 'number' && value.length < schema.minItems) {
			errors.push(`${where}: has fewer than ${schema.minItems} items`);
		}
		if (schema.items !== undefined) {
			value.forEach((item, index) =>
				errors.push(...schemaErrors(schema.items as Schema, item, root, `${path}[${index}]`)),
			);
		}
	}
	if (isObject(value)) errors.push(...objectErrors(schema, value, root, path));
	if (Array.isArray(schema.oneOf)) {
		const passing = schema.oneOf.filter(
			(option) => schemaErrors(option as Schema, value, root, path).length === 0,
		);
		if (passing.length !== 1) {
			errors.push(`${where}: matches ${passing.length} of the oneOf schemas, not 1`);
		}
	}
	return errors;
}

function numberErrors(schema: Schema, value: number, where: string): string[] {
	const errors: string[] = [];
	const { minimum, maximum, exclusiveMinimum } = schema;
	if (typeof minimum === 'number' && value < minimum) errors.push(`${where}: is below ${minimum}`);
	if (typeof maximum === 'number' && value > maximum) errors.push(`${where}: is above ${maximum}`);
	if (typeof exclusiveMinimum === 'number' && value <= exclusiveMinimum) {
		errors.push(`${where}: is not above ${exclusiveMinimum}`);
	}
	return errors;
}

function objectErrors(
	schema: Schema,
	value: Record<string, unknown>,
	root: Schema,
	path: string,
): string[] {
	const errors: string[] = [];
	const properties = (schema.properties ?? {}) as Record<string, Schema>;
	for (const key of (schema.required ?? []) as string[]) {
		if (!(key in value)) errors.push(`${path || '(root)'}: lacks "${key}"`);
	}
	for (const [key, item] of Object.entries(value)) {
		const at = path ? `${path}.${key}` : key;
		if (key in properties) errors.push(...schemaErrors(properties[key], item, root, at));
		else if (schema.additionalProperties === false) errors.push(`${at}: is not allowed`);
		else if (isObject(schema.additionalProperties)) {
			errors.push(...schemaErrors(schema.additionalProperties, item, root, at));
		}
	}
	return errors;
}

function hasType(value: unknown, type: string): boolean {
	switch (type) {
		case 'integer':
			return Number.isInteger(value);
		case 'array':
			return Array.isArray(value);
		case 'object':
			return isObject(value);
		case 'null':
			return value === null;
		default:
			return typeof value === type;
	}
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
