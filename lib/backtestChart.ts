// A backtest as a picture a marketer can read at a glance: on the left the score distribution,
// converted and not converted stacked per score bin; on the right the outcome rate per band.
// Plain SVG text, so nothing needs to be installed to draw it and n8n shows it as an image.

import type { Backtest } from './backtest';

const WIDTH = 720;
const HEIGHT = 320;
const TOP = 40;
const BOTTOM = 260;
const CONVERTED = '#2f855a';
const NOT_CONVERTED = '#cbd5e0';
const RATE = '#dd6b20';

export function backtestChartSvg(result: Backtest, title = 'Backtest'): string {
	const parts = [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" ` +
			`viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="11">`,
		`<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
		text(20, 22, `${title}: ${result.leads} leads, ${percent(result.outcomeRate)} converted, ` +
			`AUC ${result.auc === null ? '-' : result.auc.toFixed(3)}`, 'start', 14),
		...distribution(result, 20, 400),
		...bandRates(result, 450, 250),
		'</svg>',
	];
	return `${parts.join('\n')}\n`;
}

function distribution(result: Backtest, left: number, width: number): string[] {
	const bins = result.distribution;
	const most = Math.max(1, ...bins.map((bin) => bin.converted + bin.notConverted));
	const slot = width / Math.max(1, bins.length);
	const scale = (count: number) => ((BOTTOM - TOP) * count) / most;
	const shapes = [text(left, TOP - 6, 'Leads per score (converted dark)', 'start')];
	bins.forEach((bin, index) => {
		const x = left + index * slot + 1;
		const barWidth = Math.max(1, slot - 2);
		const notConverted = scale(bin.notConverted);
		const converted = scale(bin.converted);
		shapes.push(rect(x, BOTTOM - notConverted, barWidth, notConverted, NOT_CONVERTED));
		shapes.push(rect(x, BOTTOM - notConverted - converted, barWidth, converted, CONVERTED));
	});
	shapes.push(line(left, BOTTOM, left + width, BOTTOM));
	if (bins.length > 0) {
		shapes.push(text(left, BOTTOM + 14, round(bins[0].from), 'start'));
		shapes.push(text(left + width, BOTTOM + 14, round(bins[bins.length - 1].to), 'end'));
	}
	return shapes;
}

function bandRates(result: Backtest, left: number, width: number): string[] {
	const bands = result.bands;
	const slot = width / Math.max(1, bands.length);
	const shapes = [text(left, TOP - 6, 'Outcome rate per band', 'start')];
	bands.forEach((band, index) => {
		const x = left + index * slot + 6;
		const barWidth = Math.max(1, slot - 12);
		const rate = band.outcomeRate ?? 0;
		const height = (BOTTOM - TOP) * rate;
		shapes.push(rect(x, BOTTOM - height, barWidth, height, RATE));
		const label = band.outcomeRate === null ? '-' : percent(band.outcomeRate);
		shapes.push(text(x + barWidth / 2, BOTTOM - height - 4, label, 'middle'));
		shapes.push(text(x + barWidth / 2, BOTTOM + 14, band.name, 'middle'));
		shapes.push(text(x + barWidth / 2, BOTTOM + 28, `${band.count} leads`, 'middle'));
	});
	shapes.push(line(left, BOTTOM, left + width, BOTTOM));
	return shapes;
}

function rect(x: number, y: number, width: number, height: number, fill: string): string {
	return `<rect x="${round(x)}" y="${round(y)}" width="${round(width)}" height="${round(height)}" fill="${fill}"/>`;
}

function line(x1: number, y1: number, x2: number, y2: number): string {
	return `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="#4a5568"/>`;
}

function text(x: number, y: number, content: string, anchor: string, size = 11): string {
	return (
		`<text x="${round(x)}" y="${round(y)}" text-anchor="${anchor}" font-size="${size}" ` +
		`fill="#1a202c">${escapeXml(content)}</text>`
	);
}

// Band names and titles come from users' models: they are text in the picture, never markup.
function escapeXml(content: string): string {
	return content
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;');
}

function percent(rate: number): string {
	return `${(rate * 100).toFixed(1)}%`;
}

function round(value: number): string {
	return String(Math.round(value * 10) / 10);
}
