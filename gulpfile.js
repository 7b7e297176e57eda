// The icon step of `npm run build`: tsc compiles the TypeScript, this copies the SVG/PNG icons
// next to the compiled files, where the `file:` icon paths in the node and credential point.
const { src, dest } = require('gulp');

function buildIcons() {
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(
		dest('dist'),
	);
}

exports['build:icons'] = buildIcons;
