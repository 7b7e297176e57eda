/**
 * The n8n 2.41 editor as a user drives it, for the browser test and `npm run screenshots`: the
 * nodes panel, importing a workflow file, running it, a node's details view (NDV) and its output
 * table. Everything is found by n8n's data-test-id attributes and by the text a user reads.
 */
import type { Locator, Page } from 'playwright-core';

/** One row of the output table as shown: column name → the cell's text. */
export type TableRow = Record<string, string>;

export class Editor {
	/**
	 * @param css added to every page it opens (the screenshots hide toasts and the text cursor)
	 */
	constructor(
		readonly page: Page,
		private readonly baseUrl: string,
		private readonly css = '',
	) {}

	async goto(urlPath: string): Promise<void> {
		await this.page.goto(`${this.baseUrl}${urlPath}`, { waitUntil: 'networkidle' });
		if (this.css) await this.page.addStyleTag({ content: this.css });
	}

	async newWorkflow(): Promise<void> {
		await this.goto('/workflow/new');
		await this.page.getByTestId('node-creator-plus-button').waitFor();
	}

	/** Opens a saved workflow, taking the edit lock if an earlier page still holds it. */
	async openWorkflow(id: string): Promise<void> {
		await this.goto(`/workflow/${id}`);
		await this.page.getByTestId('canvas-node').first().waitFor();
		const editHere = this.page.getByRole('button', { name: 'Edit here' });
		if (await editHere.isVisible()) await editHere.click();
	}

	/** Workflow menu → Import → From file, as the README tells users to import an example. */
	async importWorkflowFile(file: string): Promise<void> {
		await this.page.getByTestId('workflow-menu').click();
		await this.page.getByTestId('workflow-menu-item-import').hover();
		const chooser = this.page.waitForEvent('filechooser');
		await this.page.getByTestId('workflow-menu-item-import-from-file').click();
		await (await chooser).setFiles(file);
	}

	/** What the user reads in an element: its rendered text, spaces collapsed. */
	async text(locator: Locator): Promise<string> {
		return (await locator.innerText()).replace(/\s+/g, ' ').trim();
	}

	canvasNode(name: string): Locator {
		return this.page.getByTestId('canvas-node').filter({ hasText: name }).first();
	}

	/** Execute workflow, then waits until `nodeName` shows its success mark on the canvas. */
	async executeWorkflow(nodeName: string): Promise<void> {
		await this.page.getByTestId('execute-workflow-button').click();
		await this.canvasNode(nodeName).getByTestId('canvas-node-status-success').waitFor({ timeout: 60_000 });
	}

	/** The "+" at the top left, then `term` typed into the nodes panel's search. */
	async searchNodes(term: string): Promise<Locator> {
		await this.page.getByTestId('node-creator-plus-button').click();
		const panel = this.page.getByTestId('node-creator');
		await panel.getByTestId('node-creator-search-bar').waitFor();
		await this.page.keyboard.type(term, { delay: 30 });
		return panel;
	}

	/** An entry of the nodes panel (a node or an action), by its exact name. */
	panelItem(panel: Locator, name: string): Locator {
		return panel.getByTestId('node-creator-item-name').filter({ hasText: new RegExp(`^${name}$`) }).first();
	}

	/** Escape closes the panel, or first steps back from a node's actions to the search results. */
	async closeNodesPanel(): Promise<void> {
		const panel = this.page.getByTestId('node-creator');
		for (let press = 0; press < 3 && (await panel.isVisible()); press++) {
			await this.page.keyboard.press('Escape');
			await panel.waitFor({ state: 'hidden', timeout: 2_000 }).catch(() => undefined);
		}
		await panel.waitFor({ state: 'hidden' });
	}

	/** Double-clicks a node on the canvas and waits for its details view (NDV). */
	async openNode(name: string): Promise<Locator> {
		await this.canvasNode(name).dblclick();
		return await this.ndv();
	}

	async ndv(): Promise<Locator> {
		const ndv = this.page.getByTestId('ndv');
		await ndv.getByTestId('node-parameters').waitFor();
		return ndv;
	}

	async closeNode(): Promise<void> {
		await this.page.getByTestId('ndv-close-button').click();
		await this.page.getByTestId('ndv').waitFor({ state: 'hidden' });
	}

	/**
	 * Waits until an input shows `value` and returns what it shows then (or after `timeout`):
	 * some inputs show an id for a moment before the name it stands for.
	 */
	async inputValue(input: Locator, value: string, timeout = 10_000): Promise<string> {
		const field = input.locator('input').first();
		await field.evaluate(
			async (element, [expected, ms]) => {
				const until = Date.now() + ms;
				while ((element as unknown as { value: string }).value !== expected && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
			},
			[value, timeout] as const,
		);
		return await field.inputValue();
	}

	/** The shown value of an options parameter, and the names its dropdown offers. */
	async options(ndv: Locator, parameter: string): Promise<{ value: string; offered: string[] }> {
		const input = ndv.getByTestId(`parameter-input-${parameter}`);
		const value = await input.locator('input').inputValue();
		await input.click();
		const list = this.page.locator('.el-select-dropdown:visible');
		await list.getByRole('option').first().waitFor();
		const offered = await list.getByRole('option').locator('.option-headline').allInnerTexts();
		await this.page.keyboard.press('Escape');
		await list.waitFor({ state: 'detached' });
		return { value, offered };
	}

	/** A collection parameter (Async Results, Options…) by its internal name. */
	collection(ndv: Locator, name: string): Locator {
		return ndv.getByTestId('parameter-item').filter({ has: this.page.locator(`label[for="${name}"]`) });
	}

	/** The collection's "Add …" dropdown, then `option` from it. */
	async addCollectionOption(ndv: Locator, collection: string, option: string): Promise<void> {
		await this.collection(ndv, collection).getByTestId('collection-parameter-add').click();
		await this.page.getByTestId('collection-parameter-option').filter({ visible: true }).filter({ hasText: new RegExp(`^${option}$`) }).click();
	}

	/** Picks `option` in an options parameter's dropdown. */
	async choose(ndv: Locator, parameter: string, option: string): Promise<void> {
		await ndv.getByTestId(`parameter-input-${parameter}`).click();
		const list = this.page.locator('.el-select-dropdown:visible');
		await list.getByRole('option').filter({ hasText: option }).first().click();
		await list.waitFor({ state: 'detached' });
	}

	outputPanel(): Locator {
		return this.page.getByTestId('output-panel');
	}

	/** Switches the output panel to Table and waits for `rows` rows. */
	async showOutputTable(rows: number): Promise<Locator> {
		const output = this.outputPanel();
		await output.getByTestId('radio-button-table').click();
		const table = output.locator('table');
		await table.locator('tbody tr').nth(rows - 1).waitFor();
		return table;
	}

	/** The output table as the user reads it: one record per row, keyed by the column headers. */
	async readTable(table: Locator): Promise<TableRow[]> {
		const headers = (await table.locator('thead th').allInnerTexts()).map((text) => text.trim());
		const rows = await table.locator('tbody tr').evaluateAll((trs) =>
			trs.map((tr) => Array.from(tr.querySelectorAll(':scope > td'), (td) => (td as unknown as { innerText: string }).innerText.trim())),
		);
		return rows.map((cells) => Object.fromEntries(headers.map((header, index) => [header, cells[index] ?? ''] as const).filter(([header]) => header !== '')));
	}

	/** Rendered heights of the table's rows, in CSS pixels. */
	async rowHeights(table: Locator): Promise<number[]> {
		return await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Math.round(tr.getBoundingClientRect().height)));
	}
}
