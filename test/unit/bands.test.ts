import { bandFor, DEFAULT_BANDS, readBands } from '../../lib/bands';

describe('bands', () => {
	test('a band starts at its minimum, inclusive', () => {
		expect(bandFor(49.99, DEFAULT_BANDS)).toBe('Nurture');
		expect(bandFor(50, DEFAULT_BANDS)).toBe('MQL');
		expect(bandFor(99, DEFAULT_BANDS)).toBe('MQL');
		expect(bandFor(100, DEFAULT_BANDS)).toBe('SQL');
		expect(bandFor(1000, DEFAULT_BANDS)).toBe('SQL');
	});

	test('the lowest band takes negative scores too', () => {
		expect(bandFor(-40, DEFAULT_BANDS)).toBe('Nurture');
	});

	test('bands given out of order are sorted, and the lowest loses its minimum', () => {
		const { bands, problems } = readBands(
			[
				{ name: 'SQL', min: '120' },
				{ name: 'Cold', min: 0 },
				{ name: 'MQL', min: 60 },
			],
			'bands',
		);
		expect(problems).toEqual([]);
		expect(bands).toEqual([
			{ name: 'Cold', min: null },
			{ name: 'MQL', min: 60 },
			{ name: 'SQL', min: 120 },
		]);
	});

	test('two bands at the same minimum are rejected', () => {
		const { problems } = readBands(
			[{ name: 'Nurture' }, { name: 'MQL', min: 50 }, { name: 'Hot', min: 50 }],
			'bands',
		);
		expect(problems).toEqual([
			{
				path: 'bands',
				message: 'bands "MQL" and "Hot" both start at 50',
				fix: 'give each band its own minimum score',
			},
		]);
	});

	test('a minimum that is not a number is named by its path', () => {
		const { problems } = readBands([{ name: 'A' }, { name: 'B', min: 'high' }], 'bands');
		expect(problems[0].path).toBe('bands[1].min');
	});
});
