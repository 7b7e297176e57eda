// ESLint for the tests, benchmarks and demo under test/ (see test/support/lint.mjs for why they
// are not linted with n8n's node rules). The published code is linted by eslint.config.mjs.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**', '.cache/**'] },
	{
		files: ['test/**/*.ts'],
		extends: [js.configs.recommended, ...tseslint.configs.recommended],
		rules: {
			// Tests load compiled nodes and fixtures at run time on purpose.
			'@typescript-eslint/no-require-imports': 'off',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
		},
	},
	{
		files: ['test/**/*.js', 'test/**/*.mjs'],
		extends: [js.configs.recommended],
		languageOptions: { globals: { process: 'readonly', console: 'readonly', require: 'writable', module: 'writable', __dirname: 'readonly' } },
	},
);
