/**
 * Draws a built wiring as a standalone SVG: sensory inputs in the left column, then one
 * column per layer (inter, command, motor for an NCP), synapses as arrows coloured by
 * polarity, and a legend. The output depends only on the wiring and the options, so the same
 * wiring always gives byte-identical SVG.
 */
import { describe } from "./args.js";
import type { NeuronType, Wiring } from "./wiring.js";

/** A node kind in the drawing. */
export type DrawnNodeKind = "sensory" | NeuronType;

/** Options of {@link drawWiring}. */
export interface DrawWiringOptions {
  /** Write neuron ids into the circles (sensory inputs as `s0`, `s1`, ...); default false. */
  labels?: boolean;
  /** Draw the legend; default true. */
  legend?: boolean;
  /** Fill colours per node kind; defaults follow ncps (command: tab:purple). */
  neuronColors?: Partial<Record<DrawnNodeKind, string>>;
  /** Stroke colours of excitatory and inhibitory synapses; defaults tab:green and tab:red. */
  synapseColors?: Partial<Record<"excitatory" | "inhibitory", string>>;
  /** The SVG `<title>`; default describes the wiring. */
  title?: string;
}

/** ncps's matplotlib colours: tab:olive, tab:blue, tab:orange; command gets tab:purple. */
export const DEFAULT_NEURON_COLORS: Readonly<Record<DrawnNodeKind, string>> = {
  sensory: "#bcbd22",
  inter: "#1f77b4",
  command: "#9467bd",
  motor: "#ff7f0e",
};

/** tab:green for excitatory, tab:red for inhibitory synapses. */
export const DEFAULT_SYNAPSE_COLORS: Readonly<Record<"excitatory" | "inhibitory", string>> = {
  excitatory: "#2ca02c",
  inhibitory: "#d62728",
};

const LEGEND_LABELS: Record<DrawnNodeKind, string> = {
  sensory: "Sensory neurons",
  inter: "Inter neurons",
  command: "Command neurons",
  motor: "Motor neurons",
};

const RADIUS = 12;
const COLUMN_GAP = 170;
const ROW_GAP = 36;
const MARGIN = 48;
const HEADER = 28;
const LEGEND_ROW = 22;

interface Point {
  x: number;
  y: number;
}

/** Fixed two-decimal formatting keeps the output deterministic and compact. */
function fmt(v: number): string {
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) ? "0" : String(r);
}

function escapeXml(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

function along(from: Point, to: Point, dist: number): Point {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const len = Math.hypot(dx, dy) || 1;
  return { x: from.x + (dx / len) * dist, y: from.y + (dy / len) * dist };
}

/** Path data of a synapse: straight between columns, an arc within a column, a loop onto itself. */
function synapsePath(a: Point, b: Point): string {
  if (a.x === b.x && a.y === b.y) {
    const k = RADIUS * 0.7;
    return `M${fmt(a.x + k)},${fmt(a.y - k)} C${fmt(a.x + RADIUS * 3)},${fmt(a.y - RADIUS * 2.2)} ${fmt(a.x + RADIUS * 3)},${fmt(a.y + RADIUS * 2.2)} ${fmt(a.x + k)},${fmt(a.y + k)}`;
  }
  if (a.x === b.x) {
    // bow right when going down, left when going up, so a<->b pairs stay apart
    const dy = b.y - a.y;
    const bow = Math.sign(dy) * Math.min(70, 0.35 * Math.abs(dy) + 14);
    const c = { x: a.x + 2 * bow, y: (a.y + b.y) / 2 };
    const s = along(a, c, RADIUS);
    const e = along(b, c, RADIUS + 2);
    return `M${fmt(s.x)},${fmt(s.y)} Q${fmt(c.x)},${fmt(c.y)} ${fmt(e.x)},${fmt(e.y)}`;
  }
  const s = along(a, b, RADIUS);
  const e = along(b, a, RADIUS + 2);
  return `M${fmt(s.x)},${fmt(s.y)} L${fmt(e.x)},${fmt(e.y)}`;
}

function requireColor(name: string, value: unknown): string {
  if (typeof value !== "string" || value.length === 0) {
    throw new TypeError(`${name}: expected a CSS colour string, got ${describe(value)}`);
  }
  return value;
}

/**
 * A standalone SVG document of a built wiring. Circles (`class="neuron ..."`) are the
 * sensory inputs and neurons; paths (`class="synapse excitatory|inhibitory"`) are the
 * synapses, with arrowheads at the target.
 */
export function drawWiring(wiring: Wiring, options: DrawWiringOptions = {}): string {
  const sensory = wiring.sensoryAdjacencyMatrix;
  const inputDim = wiring.inputDim;
  if (sensory === null || inputDim === null) {
    throw new Error(
      `drawWiring: wiring: expected a built wiring (call build(inputDim) first), got an unbuilt ${wiring.className}`,
    );
  }
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`drawWiring: options: expected an object, got ${describe(options)}`);
  }
  const neuronColors: Record<DrawnNodeKind, string> = { ...DEFAULT_NEURON_COLORS };
  for (const [k, v] of Object.entries(options.neuronColors ?? {})) {
    if (!(k in neuronColors)) {
      throw new RangeError(
        `drawWiring: options.neuronColors: expected keys sensory, inter, command, motor, got ${JSON.stringify(k)}`,
      );
    }
    neuronColors[k as DrawnNodeKind] = requireColor(`drawWiring: options.neuronColors.${k}`, v);
  }
  const synapseColors = { ...DEFAULT_SYNAPSE_COLORS };
  for (const [k, v] of Object.entries(options.synapseColors ?? {})) {
    if (k !== "excitatory" && k !== "inhibitory") {
      throw new RangeError(
        `drawWiring: options.synapseColors: expected keys excitatory, inhibitory, got ${JSON.stringify(k)}`,
      );
    }
    synapseColors[k] = requireColor(`drawWiring: options.synapseColors.${k}`, v);
  }
  const labels = options.labels ?? false;
  const showLegend = options.legend ?? true;

  // Columns: sensory inputs, then each layer's neurons in id order.
  const units = wiring.units;
  const layers = Array.from({ length: wiring.numLayers }, (_, l) => wiring.getNeuronsOfLayer(l));
  const columnSizes = [inputDim, ...layers.map((l) => l.length)];
  const maxRows = Math.max(...columnSizes);
  const top = MARGIN + HEADER;
  const columnX = (c: number): number => MARGIN + 40 + c * COLUMN_GAP;
  const rowY = (c: number, i: number): number =>
    top + ((maxRows - columnSizes[c]) * ROW_GAP) / 2 + i * ROW_GAP;
  const sensoryPos: Point[] = Array.from({ length: inputDim }, (_, i) => ({
    x: columnX(0),
    y: rowY(0, i),
  }));
  const neuronPos: Point[] = new Array(units);
  layers.forEach((ids, l) => {
    ids.forEach((id, i) => {
      neuronPos[id] = { x: columnX(l + 1), y: rowY(l + 1, i) };
    });
  });

  const kinds: DrawnNodeKind[] = ["sensory"];
  for (let i = 0; i < units; i++) kinds.push(wiring.getTypeOfNeuron(i));
  const presentKinds = (["sensory", "inter", "command", "motor"] as const).filter((k) =>
    kinds.includes(k),
  );

  const columnsWidth = columnX(columnSizes.length - 1) + 40 + MARGIN + 40;
  const nodesBottom = top + (maxRows - 1) * ROW_GAP + RADIUS;
  const legendTop = nodesBottom + 30;
  const legendRows = presentKinds.length + 2;
  const width = Math.max(columnsWidth, 320);
  const height = showLegend ? legendTop + (legendRows - 1) * LEGEND_ROW + 24 : nodesBottom + 24;

  const title =
    options.title ??
    `${wiring.className}: ${units} neurons, ${inputDim} inputs, ${wiring.synapseCount} synapses, ${wiring.sensorySynapseCount} sensory synapses`;

  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${fmt(width)}" height="${fmt(height)}" viewBox="0 0 ${fmt(width)} ${fmt(height)}" font-family="sans-serif">`,
  );
  out.push(`<title>${escapeXml(title)}</title>`);
  out.push("<defs>");
  for (const pol of ["excitatory", "inhibitory"] as const) {
    out.push(
      `<marker id="ncps-arrow-${pol}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${escapeXml(synapseColors[pol])}"/></marker>`,
    );
  }
  out.push("</defs>");
  out.push('<rect width="100%" height="100%" fill="white"/>');

  // Column headers
  const headers = ["Sensory", ...layers.map((ids) => headerOf(wiring, ids))];
  headers.forEach((h, c) => {
    out.push(
      `<text x="${fmt(columnX(c))}" y="${fmt(MARGIN)}" text-anchor="middle" font-size="13" font-weight="bold">${escapeXml(h)}</text>`,
    );
  });

  // Synapses below the nodes
  out.push('<g fill="none" stroke-width="1.2" stroke-opacity="0.8">');
  const edge = (from: Point, to: Point, value: number, what: string): void => {
    const pol = value > 0 ? "excitatory" : "inhibitory";
    out.push(
      `<path class="synapse ${pol}" data-synapse="${what}" d="${synapsePath(from, to)}" stroke="${escapeXml(synapseColors[pol])}" marker-end="url(#ncps-arrow-${pol})"/>`,
    );
  };
  for (let s = 0; s < inputDim; s++) {
    for (let d = 0; d < units; d++) {
      const v = sensory[s * units + d];
      if (v !== 0) edge(sensoryPos[s], neuronPos[d], v, `s${s}-${d}`);
    }
  }
  const adj = wiring.adjacencyMatrix;
  for (let s = 0; s < units; s++) {
    for (let d = 0; d < units; d++) {
      const v = adj[s * units + d];
      if (v !== 0) edge(neuronPos[s], neuronPos[d], v, `${s}-${d}`);
    }
  }
  out.push("</g>");

  // Nodes
  out.push('<g stroke="#333333" stroke-width="1">');
  const node = (p: Point, kind: DrawnNodeKind, id: string): void => {
    out.push(
      `<circle class="neuron ${kind}" data-id="${id}" cx="${fmt(p.x)}" cy="${fmt(p.y)}" r="${RADIUS}" fill="${escapeXml(neuronColors[kind])}"/>`,
    );
  };
  sensoryPos.forEach((p, i) => {
    node(p, "sensory", `s${i}`);
  });
  neuronPos.forEach((p, i) => {
    node(p, kinds[i + 1], String(i));
  });
  out.push("</g>");

  if (labels) {
    out.push('<g font-size="9" text-anchor="middle" dominant-baseline="central" fill="black">');
    sensoryPos.forEach((p, i) => {
      out.push(`<text x="${fmt(p.x)}" y="${fmt(p.y)}">s${i}</text>`);
    });
    neuronPos.forEach((p, i) => {
      out.push(`<text x="${fmt(p.x)}" y="${fmt(p.y)}">${i}</text>`);
    });
    out.push("</g>");
  }

  if (showLegend) {
    out.push(`<g class="legend" font-size="12">`);
    let y = legendTop;
    const lx = MARGIN;
    for (const k of presentKinds) {
      out.push(
        `<rect class="legend-swatch" x="${fmt(lx)}" y="${fmt(y - 6)}" width="12" height="12" fill="${escapeXml(neuronColors[k])}" stroke="#333333"/>`,
      );
      out.push(
        `<text x="${fmt(lx + 30)}" y="${fmt(y)}" dominant-baseline="central">${LEGEND_LABELS[k]}</text>`,
      );
      y += LEGEND_ROW;
    }
    for (const pol of ["excitatory", "inhibitory"] as const) {
      out.push(
        `<line class="legend-synapse" x1="${fmt(lx)}" y1="${fmt(y)}" x2="${fmt(lx + 22)}" y2="${fmt(y)}" stroke="${escapeXml(synapseColors[pol])}" stroke-width="2" marker-end="url(#ncps-arrow-${pol})"/>`,
      );
      const name = pol === "excitatory" ? "Excitatory synapse" : "Inhibitory synapse";
      out.push(
        `<text x="${fmt(lx + 30)}" y="${fmt(y)}" dominant-baseline="central">${name}</text>`,
      );
      y += LEGEND_ROW;
    }
    out.push("</g>");
  }
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}

/** Column header of a layer: its neurons' common type, or "Neurons" when mixed. */
function headerOf(wiring: Wiring, ids: number[]): string {
  const types = new Set(ids.map((i) => wiring.getTypeOfNeuron(i)));
  if (types.size !== 1) return "Neurons";
  const [t] = [...types];
  return t === "inter" ? "Inter" : t === "command" ? "Command" : "Motor";
}
