import {
	NodeOperationError,
	type IExecuteFunctions,
	type INodeProperties,
	type INodePropertyCollection,
	type INodePropertyOptions,
} from 'n8n-workflow';

// n8n's editor offers only a dropdown's own values, but a workflow written by hand, by a script
// or by another tool may hold any text there, and n8n hands it to the node unchecked. A value the
// node does not know would fall through to a default branch: a mistyped "crossing" would route in
// band mode and remember nothing, "Redis" would use the workflow store. So every dropdown in the
// node's settings, in collections and in fixed-collection rows too, is checked before the run:
// as n8n works it out for the first item, which is how the nodes read their settings, so that a
// dropdown switched to an expression is checked too.

interface Choice {
	displayName: string;
	// value -> its label in the editor
	values: Map<string, string>;
}

// Per dropdown name, its choices; a name shown under several conditions has all of them.
type Choices = Map<string, Choice>;

interface Dropdowns {
	top: Choices;
	// collection name -> the dropdowns inside it
	inCollection: Map<string, Choices>;
	// fixed collection name -> group name -> the dropdowns of its rows
	inRows: Map<string, Map<string, Choices>>;
}

const dropdownsOf = new WeakMap<INodeProperties[], Dropdowns>();

export function checkChoices(context: IExecuteFunctions, properties: INodeProperties[]): void {
	const dropdowns = dropdownsOfNode(properties);
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
	for (const name of dropdowns.top.keys()) top[name] = setting(name);
	checkValues(context, dropdowns.top, top, '');
	for (const [collection, choices] of dropdowns.inCollection) {
		checkValues(context, choices, setting(collection), '');
	}
	for (const [collection, groups] of dropdowns.inRows) {
		const value = setting(collection);
		if (!isObject(value)) continue;
		for (const [group, choices] of groups) {
			const rows = value[group];
			const list = Array.isArray(rows) ? rows : [rows];
			list.forEach((row, index) => checkValues(context, choices, row, ` (row ${index + 1})`));
		}
	}
}

function checkValues(
	context: IExecuteFunctions,
	choices: Choices,
	container: unknown,
	where: string,
): void {
	if (!isObject(container)) return;
	for (const [name, choice] of choices) {
		const value = container[name];
		if (value === undefined || choice.values.has(String(value))) continue;
		const listed = [...choice.values].map(([known, label]) => `"${known}" (${label})`);
		throw new NodeOperationError(
			context.getNode(),
			`${choice.displayName}${where} is ${JSON.stringify(value)}, not one of its choices`,
			{ description: `Set ${choice.displayName} to one of: ${listed.join(', ')}` },
		);
	}
}

function dropdownsOfNode(properties: INodeProperties[]): Dropdowns {
	let dropdowns = dropdownsOf.get(properties);
	if (dropdowns === undefined) {
		dropdowns = { top: collect(properties), inCollection: new Map(), inRows: new Map() };
		for (const property of properties) {
			if (property.type === 'collection') {
				dropdowns.inCollection.set(property.name, collect(property.options as INodeProperties[]));
			} else if (property.type === 'fixedCollection') {
				const groups = new Map<string, Choices>();
				for (const group of (property.options ?? []) as INodePropertyCollection[]) {
					groups.set(group.name, collect(group.values));
				}
				dropdowns.inRows.set(property.name, groups);
			}
		}
		dropdownsOf.set(properties, dropdowns);
	}
	return dropdowns;
}

function collect(properties: INodeProperties[] = []): Choices {
	const choices: Choices = new Map();
	for (const property of properties) {
		if (property.type !== 'options') continue;
		const choice = choices.get(property.name) ?? {
			displayName: property.displayName,
			values: new Map<string, string>(),
		};
		for (const option of (property.options ?? []) as INodePropertyOptions[]) {
			choice.values.set(String(option.value), option.name);
		}
		choices.set(property.name, choice);
	}
	return choices;
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
