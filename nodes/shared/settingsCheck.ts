import {
	NodeOperationError,
	type IExecuteFunctions,
	type INodeProperties,
	type INodePropertyCollection,
	type INodePropertyOptions,
} from 'n8n-workflow';

import { isRecord } from '../../lib/fieldPath';
import { describeValue } from '../../lib/json';

// n8n's editor offers only a dropdown's own values and keeps a number within its bounds, but a
// workflow written by hand, by a script or by another tool, or a setting switched to an
// expression, may hold anything there, and n8n hands it to the node unchecked. A value the node
// does not know would fall through to a default branch: a mistyped "crossing" would route in band
// mode and remember nothing, "Redis" would use the workflow store, a History Retention of -5 days
// would drop every kept activity. So every dropdown in the node's settings, in collections and in
// fixed-collection rows, and every bounded number at the top level and in collections, is checked
// before the run, as n8n works it out for the first item, which is how the nodes read settings.
// Numbers in fixed-collection rows (a rule's half-life, a rep's weight) are left to the model and
// roster checks, which name the rule or the rep as well.

interface Choice {
	displayName: string;
	// n8n does not work out an expression in a setting marked noDataExpression: the node gets the
	// expression's text, without its "=".
	takesExpressions: boolean;
	// value -> its label in the editor
	values: Map<string, string>;
}

interface Bounds {
	displayName: string;
	min?: number;
	max?: number;
	// The default, shown as an example when it is not just the least value.
	example?: number;
}

// Per setting name, what it accepts; a name shown under several conditions has all of them.
interface Checks {
	choices: Map<string, Choice>;
	bounds: Map<string, Bounds>;
}

interface RowChecks {
	// What one row is called in the editor ("Rule" under Fit Rules).
	rowName: string;
	checks: Checks;
}

interface NodeChecks {
	top: Checks;
	// collection name -> the settings inside it
	inCollection: Map<string, Checks>;
	// fixed collection name -> its label and, per group name, the group's label and the
	// dropdowns of its rows
	inRows: Map<string, { displayName: string; groups: Map<string, RowChecks> }>;
}

const checksOf = new WeakMap<INodeProperties[], NodeChecks>();

export function checkSettings(context: IExecuteFunctions, properties: INodeProperties[]): void {
	const checks = checksOfNode(properties);
	const setting = (name: string): unknown => {
		if (!(name in context.getNode().parameters)) return undefined;
		try {
			return context.getNodeParameter(name, 0);
		} catch {
			// An expression that cannot be worked out fails where the node reads the setting.
			return undefined;
		}
	};
	const top: Record<string, unknown> = {};
	for (const name of [...checks.top.choices.keys(), ...checks.top.bounds.keys()]) {
		top[name] = setting(name);
	}
	checkValues(context, checks.top, top, '');
	for (const [collection, inside] of checks.inCollection) {
		checkValues(context, inside, setting(collection), '');
	}
	for (const [collection, { displayName, groups }] of checks.inRows) {
		const value = setting(collection);
		if (!isRecord(value)) continue;
		for (const [group, { rowName, checks: inside }] of groups) {
			const rows = value[group];
			const list = Array.isArray(rows) ? rows : [rows];
			// Rows are counted from 1, as the model check counts "Fit Rules, rule 3".
			list.forEach((row, index) =>
				checkValues(context, inside, row, ` (${displayName}, ${rowName} ${index + 1})`),
			);
		}
	}
}

function checkValues(
	context: IExecuteFunctions,
	checks: Checks,
	container: unknown,
	where: string,
): void {
	if (!isRecord(container)) return;
	for (const [name, choice] of checks.choices) {
		const value = container[name];
		if (value === undefined || choice.values.has(String(value))) continue;
		const listed = [...choice.values].map(([known, label]) => `"${known}" (${label})`);
		const expression =
			!choice.takesExpressions && typeof value === 'string' && value.includes('{{');
		throw new NodeOperationError(
			context.getNode(),
			expression
				? `${choice.displayName}${where} is the expression ${describeValue(value)}, which this ` +
					'setting does not take: n8n passes its text on without working it out'
				: `${choice.displayName}${where} is ${describeValue(value)}, not one of its choices`,
			{ description: `Set ${choice.displayName} to one of: ${listed.join(', ')}` },
		);
	}
	for (const [name, bounds] of checks.bounds) {
		const value = container[name];
		if (value === undefined) continue;
		const problem = boundsProblem(value, bounds);
		if (problem === undefined) continue;
		throw new NodeOperationError(
			context.getNode(),
			`${bounds.displayName}${where} is ${describeValue(value)}, ${problem}`,
			{ description: `Set ${bounds.displayName} to ${allowed(bounds)}${example(bounds)}` },
		);
	}
}

// A number typed into an expression may arrive as text ("30"), which the nodes read as the number.
function boundsProblem(value: unknown, bounds: Bounds): string | undefined {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isFinite(number)) return 'not a number';
	if (bounds.min !== undefined && number < bounds.min) return `less than ${bounds.min}`;
	if (bounds.max !== undefined && number > bounds.max) return `more than ${bounds.max}`;
	return undefined;
}

function allowed({ min, max }: Bounds): string {
	if (min !== undefined && max !== undefined) return `a number from ${min} to ${max}`;
	if (min !== undefined) return `${min} or more`;
	return `${max} or less`;
}

function example({ example, min }: Bounds): string {
	return example === undefined || example === min ? '' : `, e.g. ${example}`;
}

function checksOfNode(properties: INodeProperties[]): NodeChecks {
	let checks = checksOf.get(properties);
	if (checks === undefined) {
		checks = { top: collect(properties, true), inCollection: new Map(), inRows: new Map() };
		for (const property of properties) {
			if (property.type === 'collection') {
				checks.inCollection.set(
					property.name,
					collect(property.options as INodeProperties[], true),
				);
			} else if (property.type === 'fixedCollection') {
				const groups = new Map<string, RowChecks>();
				for (const group of (property.options ?? []) as INodePropertyCollection[]) {
					groups.set(group.name, {
						rowName: group.displayName.toLowerCase(),
						checks: collect(group.values, false),
					});
				}
				checks.inRows.set(property.name, { displayName: property.displayName, groups });
			}
		}
		checksOf.set(properties, checks);
	}
	return checks;
}

function collect(properties: INodeProperties[] = [], withBounds: boolean): Checks {
	const checks: Checks = { choices: new Map(), bounds: new Map() };
	for (const property of properties) {
		if (property.type === 'options') {
			const choice = checks.choices.get(property.name) ?? {
				displayName: property.displayName,
				takesExpressions: property.noDataExpression !== true,
				values: new Map<string, string>(),
			};
			for (const option of (property.options ?? []) as INodePropertyOptions[]) {
				choice.values.set(String(option.value), option.name);
			}
			checks.choices.set(property.name, choice);
		} else if (property.type === 'number' && withBounds) {
			const min = property.typeOptions?.minValue;
			const max = property.typeOptions?.maxValue;
			if (min === undefined && max === undefined) continue;
			checks.bounds.set(property.name, {
				displayName: property.displayName,
				min,
				max,
				example: typeof property.default === 'number' ? property.default : undefined,
			});
		}
	}
	return checks;
}
