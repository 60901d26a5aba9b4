import {
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { LeadScoringError } from '../../lib/errors';
import { readField } from '../../lib/fieldPath';
import { leadKey, type ScoringOptions } from '../../lib/scoring';
import { parseInstant } from '../../lib/time';

// Turns an engine error into the n8n error the user sees: the message names the item (and the
// lead, when it has a key) and what went wrong; the description carries the fix.
export function itemError(
	context: IExecuteFunctions,
	error: unknown,
	itemIndex?: number,
	lead?: string,
): NodeOperationError {
	if (error instanceof NodeOperationError) return error;

	const where = itemIndex === undefined ? '' : `Item ${itemIndex}${lead ? ` (${lead})` : ''}: `;
	const message = error instanceof Error ? error.message : String(error);
	const fix = error instanceof LeadScoringError ? error.fix : undefined;
	return new NodeOperationError(context.getNode(), `${where}${message}`, {
		itemIndex,
		description: fix,
	});
}

export function leadLabel(lead: Record<string, unknown>, options: ScoringOptions): string {
	try {
		return leadKey(lead, options) ?? '';
	} catch {
		return '';
	}
}

// How the router and Assign Rep name a lead in an error: its key from Score Lead, else its email.
export function scoredLeadLabel(lead: Record<string, unknown>): string {
	for (const path of ['leadScore.key', 'email']) {
		const value = readField(lead, path);
		if (typeof value === 'string' && value.trim() !== '') return value.trim();
	}
	return '';
}

// The instant scores and rotations are computed for: the As Of option when set, else now. With
// a time zone, a value without one ("2026-03-31T00:00:00", as the date picker gives it) is read
// in that zone, as activity times are.
export function asOfInstant(context: IExecuteFunctions, value: unknown, timeZone?: string): Date {
	if (value === undefined || value === null || value === '') return new Date();
	const instant =
		timeZone === undefined ? new Date(String(value)) : new Date(parseInstant(value, timeZone) ?? NaN);
	if (Number.isNaN(instant.getTime())) {
		throw new NodeOperationError(context.getNode(), `As Of is "${String(value)}", not a date`, {
			description: 'Set As Of to a date and time such as 2026-03-01T09:00:00Z, or leave it empty',
		});
	}
	return instant;
}

// With "continue on fail", the item goes on carrying what went wrong and how to fix it, with the
// lead's own fields so that nothing is lost. Under "Continue (using error output)" the error is
// also set on the item itself, which is how n8n picks the items for the error output (it adds
// the input item's fields back there). It is not set otherwise: n8n would then strip the item
// down to the error message.
export function failedItem(
	context: IExecuteFunctions,
	item: INodeExecutionData,
	itemIndex: number,
	error: NodeOperationError,
): INodeExecutionData {
	return {
		json: { ...item.json, error: error.message, errorFix: error.description ?? '' },
		...(context.getNode().onError === 'continueErrorOutput' ? { error } : {}),
		pairedItem: { item: itemIndex },
	};
}

// A mistake in the node's settings fails every item the same way. Under "continue on fail" n8n
// would pass the input through untouched on the first output, as if it had been routed; instead
// every item goes to the node's fallback output (Unscored, Unassigned) carrying the error.
export function failAllItems(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	error: unknown,
	fallbackOutput: number,
	outputCount: number,
): INodeExecutionData[][] {
	const nodeError = itemError(context, error);
	if (!context.continueOnFail()) throw nodeError;
	const outputs: INodeExecutionData[][] = Array.from({ length: outputCount }, () => []);
	outputs[fallbackOutput] = items.map((item, index) => failedItem(context, item, index, nodeError));
	return outputs;
}

// An item an earlier node failed under "continue on fail" carries `error`. Whatever score or lead
// it still holds is not this run's, so the router does not route it and Assign Rep gives it no rep.
export function carriesItemError(json: Record<string, unknown>): boolean {
	return typeof json.error === 'string' && json.error !== '';
}
