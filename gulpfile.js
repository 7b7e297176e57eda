// The icon step of `npm run build`: tsc compiles the TypeScript, this copies the package's icons
// (icons/, shared by both nodes and the credential) into dist/icons, where their `file:` paths
// point.
const { src, dest } = require('gulp');

function buildIcons() {
	return src(['icons/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(dest('dist'));
}

exports['build:icons'] = buildIcons;
