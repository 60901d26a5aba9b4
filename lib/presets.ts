// Models that ship with the pack, for a team that wants to start from a known-good setup. Each is
// a readable JSON file in presets/, checked like any other model when it is chosen.

import b2bSaasInbound from '../presets/b2b-saas-inbound.json';
import eventTradeShow from '../presets/event-trade-show.json';
import webinarLed from '../presets/webinar-led.json';
import { ModelError } from './errors';
import { compileModel, type CompiledModel } from './model';

export const PRESETS: Record<string, { name: string; model: unknown }> = {
	'b2b-saas-inbound': { name: b2bSaasInbound.name, model: b2bSaasInbound },
	'event-trade-show': { name: eventTradeShow.name, model: eventTradeShow },
	'webinar-led': { name: webinarLed.name, model: webinarLed },
};

export function presetModel(id: string): CompiledModel {
	if (!Object.prototype.hasOwnProperty.call(PRESETS, id)) {
		throw new ModelError([
			{
				path: 'preset',
				message: `"${id}" is not a preset of this pack`,
				fix: `use one of: ${Object.keys(PRESETS).join(', ')}`,
			},
		]);
	}
	return compileModel(PRESETS[id].model);
}
