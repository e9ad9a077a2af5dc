import axios from 'axios';
import { bodyOf, pathOf, type Approach } from './types';

/** (d) Plain axios, `Promise.all` over every item, no retries, no throttling. */
export const axiosPromiseAll: Approach = {
	key: 'axiosAll',
	label: 'axios, Promise.all',
	async run(target, ops) {
		const http = axios.create({
			baseURL: target.url,
			headers: { Authorization: `Bearer ${target.token}`, 'Content-Type': 'application/json', Accept: 'application/json' },
		});
		let failed = 0;
		await Promise.all(
			ops.map((op) =>
				http.post(pathOf(op), bodyOf(op, target.adminId)).catch(() => {
					failed++;
				}),
			),
		);
		return { failed };
	},
};
