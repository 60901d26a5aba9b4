import { parseCsv } from '../../lib/csv';

describe('reading lead CSV exports', () => {
	test('a byte-order mark and CRLF line ends are not part of the data', () => {
		const text = '\uFEFFProspect ID,Converted\r\nabc,1\r\ndef,0\r\n';
		expect(parseCsv(text)).toEqual([
			{ 'Prospect ID': 'abc', Converted: '1' },
			{ 'Prospect ID': 'def', Converted: '0' },
		]);
	});

	test('quoted values keep their commas, quotes and line breaks', () => {
		const text = 'name,size,note\n"Acme, Inc.","1,000","said ""hi""\nthen left"\n';
		expect(parseCsv(text)).toEqual([
			{ name: 'Acme, Inc.', size: '1,000', note: 'said "hi"\nthen left' },
		]);
	});

	test('empty values stay empty strings and a missing final newline is fine', () => {
		expect(parseCsv('a,b,c\n1,,3')).toEqual([{ a: '1', b: '', c: '3' }]);
	});

	test('a row with the wrong number of values is reported with its row number', () => {
		expect(() => parseCsv('a,b\n1,2\n3,4,5\n', 'leads.csv')).toThrow(
			'Row 3 of leads.csv has 3 values but the header has 2',
		);
	});

	test('an unclosed quote is reported', () => {
		expect(() => parseCsv('a\n"open\n', 'leads.csv')).toThrow(
			'leads.csv ends inside a quoted value',
		);
	});

	test('a file saved with semicolons, as spreadsheets set to German or French save CSV, is split on them', () => {
		const text = 'E-Mail;Firmengröße;Umsatz\nana@firma.example;"50; remote";1.250,50\n';
		expect(parseCsv(text)).toEqual([
			{ 'E-Mail': 'ana@firma.example', Firmengröße: '50; remote', Umsatz: '1.250,50' },
		]);
	});

	test('a tab-separated export is split on tabs, and commas in its values stay', () => {
		expect(parseCsv('name\tcompany\nAna\tAcme, Inc.\n')).toEqual([
			{ name: 'Ana', company: 'Acme, Inc.' },
		]);
	});

	test('the header decides the separator: commas win a tie, and a row is checked against it', () => {
		expect(parseCsv('a,b;c,d;e\n1,2;3,4;5\n')).toEqual([{ a: '1', 'b;c': '2;3', 'd;e': '4;5' }]);
		expect(() => parseCsv('a;b\n1;2\n3;4;5\n', 'leads.csv')).toThrow(
			expect.objectContaining({
				message: 'Row 3 of leads.csv has 3 values but the header has 2',
				fix: 'check that row for an unquoted semicolon or a missing value',
			}),
		);
	});
});
