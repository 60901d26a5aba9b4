import {
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { LeadScoringError } from '../../lib/errors';
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

// With "continue on fail", the item goes on carrying what went wrong and how to fix it.
export function failedItem(
	item: INodeExecutionData,
	itemIndex: number,
	error: NodeOperationError,
): INodeExecutionData {
	return {
		json: { ...item.json, error: error.message, errorFix: error.description ?? '' },
		pairedItem: { item: itemIndex },
	};
}
