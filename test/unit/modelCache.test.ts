import * as model from '../../lib/model';
import { ModelCache } from '../../lib/modelSources';

describe('a model chosen per item', () => {
	test('1,000 items sharing two client models are checked and compiled twice, not 1,000 times', () => {
		const compile = jest.spyOn(model, 'parseModelJson');
		const clientA = { name: 'A', rules: [{ field: 'x', operator: 'exists', points: 1 }] };
		const clientB = JSON.stringify({ name: 'B', rules: [{ field: 'y', operator: 'exists', points: 2 }] });
		const cache = new ModelCache();
		const names = Array.from({ length: 1000 }, (_, index) => {
			const lead = { model: index % 2 === 0 ? structuredClone(clientA) : clientB };
			return cache.fromField(lead, 'model').model.name;
		});
		expect(compile).toHaveBeenCalledTimes(2);
		expect(names.slice(0, 3)).toEqual(['A', 'B', 'A']);
		compile.mockRestore();
	});
});
