// A small, dependency-free SVG line chart: enough for a reader to see at a glance whether growth is linear.

export interface Series {
  name: string;
  color: string;
  points: { x: number; y: number }[];
}

export function lineChart(options: { title: string; xLabel: string; yLabel: string; series: Series[] }): string {
  const width = 640;
  const height = 360;
  const margin = { left: 70, right: 20, top: 40, bottom: 50 };
  const all = options.series.flatMap((s) => s.points);
  const maxX = Math.max(...all.map((p) => p.x), 1);
  const maxY = Math.max(...all.map((p) => p.y), 1e-9) * 1.1;
  const sx = (x: number) => margin.left + (x / maxX) * (width - margin.left - margin.right);
  const sy = (y: number) => height - margin.bottom - (y / maxY) * (height - margin.top - margin.bottom);
  const ticks = (max: number) => [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  const format = (n: number) => (n >= 1000 ? `${Math.round(n / 1000)}k` : n >= 10 ? n.toFixed(0) : n.toFixed(2));
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="15">${escape(options.title)}</text>`,
    `<line x1="${margin.left}" y1="${sy(0)}" x2="${width - margin.right}" y2="${sy(0)}" stroke="black"/>`,
    `<line x1="${margin.left}" y1="${sy(0)}" x2="${margin.left}" y2="${margin.top}" stroke="black"/>`,
    ...ticks(maxX).map((x) => `<text x="${sx(x)}" y="${sy(0) + 18}" text-anchor="middle">${format(x)}</text>`),
    ...ticks(maxY).map((y) => `<text x="${margin.left - 8}" y="${sy(y) + 4}" text-anchor="end">${format(y)}</text>`),
    `<text x="${width / 2}" y="${height - 10}" text-anchor="middle">${escape(options.xLabel)}</text>`,
    `<text x="16" y="${height / 2}" text-anchor="middle" transform="rotate(-90 16 ${height / 2})">${escape(options.yLabel)}</text>`,
  ];
  options.series.forEach((series, index) => {
    const path = series.points.map((p, i) => `${i === 0 ? "M" : "L"}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(" ");
    parts.push(`<path d="${path}" fill="none" stroke="${series.color}" stroke-width="2"/>`);
    for (const p of series.points) parts.push(`<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="3" fill="${series.color}"/>`);
    parts.push(`<text x="${margin.left + 10}" y="${margin.top + 14 + index * 16}" fill="${series.color}">${escape(series.name)}</text>`);
  });
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
