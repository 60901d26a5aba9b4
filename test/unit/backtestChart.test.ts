import type { Backtest } from '../../lib/backtest';
import { backtestChartSvg } from '../../lib/backtestChart';

const result: Backtest = {
	leads: 10,
	converted: 4,
	outcomeRate: 0.4,
	auc: 0.875,
	topDecileLift: 2.5,
	bands: [
		{ name: 'Nurture', count: 6, outcomeRate: 1 / 6 },
		{ name: 'SQL <A&B>', count: 4, outcomeRate: 0.75 },
	],
	distribution: [
		{ from: 0, to: 50, converted: 1, notConverted: 5 },
		{ from: 50, to: 100, converted: 3, notConverted: 1 },
	],
	rules: [],
};

describe('the backtest chart', () => {
	const svg = backtestChartSvg(result, 'Q3 model');

	test('is one SVG document with the title, the lead count, the rate and the AUC', () => {
		expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
		expect(svg.trim().endsWith('</svg>')).toBe(true);
		expect(svg).toContain('Q3 model: 10 leads, 40.0% converted, AUC 0.875');
	});

	test('shows each band with its outcome rate and lead count', () => {
		expect(svg).toContain('>16.7%</text>');
		expect(svg).toContain('>75.0%</text>');
		expect(svg).toContain('>4 leads</text>');
	});

	test('draws two bars per score bin, and the tallest bin fills the height', () => {
		// Bin 1 holds 6 leads, the most: 5 not converted are 5/6 of the 220-pixel plot.
		expect(svg).toContain('height="183.3" fill="#cbd5e0"');
		expect(svg.match(/fill="#2f855a"/g)).toHaveLength(2);
	});

	test('a band name from a model is text, never markup', () => {
		expect(svg).toContain('SQL &lt;A&amp;B&gt;');
		expect(svg).not.toContain('<A&B>');
	});
});
