import type { InFlightPoint, WindowBin } from './lib/measure';

/** A hand-written SVG: requests per second over time, against the limit line (and in flight, when given). */

export interface ChartPanel {
	title: string;
	/** Requests per 1 s bin. */
	windows: WindowBin[];
	/** The limit in requests per second (dashed line). */
	limitPerSecond: number;
	/** In-flight samples (blue line, right axis). */
	inFlight?: InFlightPoint[];
	/** A disturbance (shaded), in s since the run started. */
	span?: { from: number; to: number; label: string };
}

const WIDTH = 960;
const PANEL_HEIGHT = 280;
const MARGIN = { top: 44, right: 24, bottom: 40, left: 64 };
const COLORS = { accepted: '#2f855a', rateLimited: '#c53030', other: '#718096', limit: '#1a202c', grid: '#e2e8f0', text: '#1a202c', inFlight: '#2b6cb0', span: '#fefcbf' };
const BIN_S = 1;

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A round step for about `target` ticks up to `max`. */
function niceStep(max: number, target = 5): number {
	const raw = max / target;
	const power = 10 ** Math.floor(Math.log10(raw));
	const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw);
	return step ?? 10 * power;
}

function panel(p: ChartPanel, top: number): string {
	const limit = p.limitPerSecond;
	const x0 = MARGIN.left;
	const y0 = top + MARGIN.top;
	const w = WIDTH - MARGIN.left - MARGIN.right;
	const h = PANEL_HEIGHT - MARGIN.top - MARGIN.bottom;
	const perSecond = 1 / BIN_S;
	const totals = p.windows.map((b) => (b.accepted + b.rateLimited + b.other) * perSecond);
	const yMax = Math.max(limit * 1.25, ...totals);
	const yStep = niceStep(yMax);
	const yTop = Math.ceil(yMax / yStep) * yStep;
	const tMin = Math.min(0, ...p.windows.map((b) => b.t));
	const tMax = Math.max(1, ...p.windows.map((b) => b.t + BIN_S), ...(p.inFlight ?? []).map(([t]) => t));
	const sx = (t: number) => x0 + ((t - tMin) / (tMax - tMin)) * w;
	const sy = (v: number) => y0 + h - (v / yTop) * h;
	const out: string[] = [];
	out.push(`<text x="${x0}" y="${top + 26}" font-size="15" font-weight="bold" fill="${COLORS.text}">${escape(p.title)}</text>`);
	if (p.span) {
		const [a, b] = [sx(Math.max(tMin, p.span.from)), sx(Math.min(tMax, p.span.to))];
		out.push(`<rect x="${a.toFixed(1)}" y="${y0}" width="${Math.max(1, b - a).toFixed(1)}" height="${h}" fill="${COLORS.span}"/>`);
		out.push(`<text x="${(a + 4).toFixed(1)}" y="${y0 + 12}" font-size="11" fill="${COLORS.text}">${escape(p.span.label)}</text>`);
	}
	for (let v = 0; v <= yTop + 1e-9; v += yStep) {
		out.push(`<line x1="${x0}" x2="${x0 + w}" y1="${sy(v)}" y2="${sy(v)}" stroke="${COLORS.grid}"/>`);
		out.push(`<text x="${x0 - 8}" y="${sy(v) + 4}" font-size="11" text-anchor="end" fill="${COLORS.text}">${v}</text>`);
	}
	const tStep = niceStep(tMax - tMin, 10);
	for (let t = Math.ceil(tMin / tStep) * tStep; t <= tMax + 1e-9; t += tStep) {
		out.push(`<line x1="${sx(t)}" x2="${sx(t)}" y1="${y0 + h}" y2="${y0 + h + 4}" stroke="${COLORS.text}"/>`);
		out.push(`<text x="${sx(t)}" y="${y0 + h + 17}" font-size="11" text-anchor="middle" fill="${COLORS.text}">${Number(t.toFixed(2))}</text>`);
	}
	out.push(`<text x="${x0 + w / 2}" y="${y0 + h + 34}" font-size="12" text-anchor="middle" fill="${COLORS.text}">seconds since the run started (bars: requests per ${BIN_S} s, by arrival)</text>`);
	out.push(`<text transform="translate(${x0 - 46} ${y0 + h / 2}) rotate(-90)" font-size="12" text-anchor="middle" fill="${COLORS.text}">requests / s</text>`);
	for (const bin of p.windows) {
		const left = sx(bin.t) + 1;
		const width = Math.max(1, sx(bin.t + BIN_S) - sx(bin.t) - 2);
		let base = 0;
		for (const [key, count] of [['accepted', bin.accepted], ['rateLimited', bin.rateLimited], ['other', bin.other]] as const) {
			if (!count) continue;
			const value = count * perSecond;
			out.push(`<rect x="${left.toFixed(1)}" y="${sy(base + value).toFixed(1)}" width="${width.toFixed(1)}" height="${(sy(base) - sy(base + value)).toFixed(1)}" fill="${COLORS[key]}"><title>${key}: ${count}</title></rect>`);
			base += value;
		}
		if (base > 0 && width >= 14) out.push(`<text x="${(left + width / 2).toFixed(1)}" y="${(sy(base) - 3).toFixed(1)}" font-size="10" text-anchor="middle" fill="${COLORS.text}">${Math.round(base)}</text>`);
	}
	if (p.inFlight?.length) {
		const fMax = Math.max(1, ...p.inFlight.map(([, n]) => n));
		const fStep = niceStep(fMax, 4);
		const fTop = Math.ceil(fMax / fStep) * fStep;
		const fy = (n: number) => y0 + h - (n / fTop) * h;
		const points = p.inFlight.map(([t, n]) => `${sx(t).toFixed(1)},${fy(n).toFixed(1)}`).join(' ');
		out.push(`<polyline points="${points}" fill="none" stroke="${COLORS.inFlight}" stroke-width="1.5"/>`);
		for (let v = 0; v <= fTop + 1e-9; v += fStep) {
			out.push(`<text x="${x0 + w + 4}" y="${fy(v) + 4}" font-size="10" fill="${COLORS.inFlight}">${v}</text>`);
		}
	}
	out.push(`<line x1="${x0}" x2="${x0 + w}" y1="${sy(limit)}" y2="${sy(limit)}" stroke="${COLORS.limit}" stroke-width="2" stroke-dasharray="6 4"/>`);
	out.push(`<text x="${x0 + w - 4}" y="${sy(limit) - 6}" font-size="11" text-anchor="end" fill="${COLORS.limit}">limit ${Number(limit.toFixed(1))} / s</text>`);
	out.push(`<line x1="${x0}" x2="${x0}" y1="${y0}" y2="${y0 + h}" stroke="${COLORS.text}"/>`);
	out.push(`<line x1="${x0}" x2="${x0 + w}" y1="${y0 + h}" y2="${y0 + h}" stroke="${COLORS.text}"/>`);
	return out.join('\n');
}

export function renderChart(panels: ChartPanel[], caption: string): string {
	const legendHeight = 28;
	const height = panels.length * PANEL_HEIGHT + legendHeight + 24;
	const keys = [
		['accepted (2xx)', COLORS.accepted],
		['429 rate limited', COLORS.rateLimited],
		['other (5xx, reset)', COLORS.other],
		['in flight (right axis)', COLORS.inFlight],
	] as const;
	const legend = keys
		.map(([label, color], i) => {
			const x = MARGIN.left + i * 170;
			return `<rect x="${x}" y="12" width="12" height="12" fill="${color}"/><text x="${x + 18}" y="22" font-size="12" fill="${COLORS.text}">${label}</text>`;
		})
		.join('\n');
	const body = panels.map((p, i) => panel(p, legendHeight + i * PANEL_HEIGHT)).join('\n');
	return [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="Helvetica, Arial, sans-serif">`,
		`<rect width="100%" height="100%" fill="#ffffff"/>`,
		legend,
		`<line x1="${MARGIN.left + 690}" x2="${MARGIN.left + 720}" y1="18" y2="18" stroke="${COLORS.limit}" stroke-width="2" stroke-dasharray="6 4"/><text x="${MARGIN.left + 726}" y="22" font-size="12" fill="${COLORS.text}">limit</text>`,
		body,
		`<text x="${MARGIN.left}" y="${height - 8}" font-size="11" fill="#4a5568">${escape(caption)}</text>`,
		'</svg>',
		'',
	].join('\n');
}
