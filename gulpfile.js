// Icons are not TypeScript, so tsc leaves them behind; n8n loads them from beside the compiled node.
const { src, dest, task } = require('gulp');

function copyIcons() {
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(
		dest('dist/'),
	);
}

task('build:icons', copyIcons);
