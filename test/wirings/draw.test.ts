/** drawWiring: a standalone, deterministic, well-formed SVG of a built wiring. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AutoNCP, drawWiring, FullyConnected, Random, Wiring } from "../../src/wirings/index.js";

const count = (s: string, re: RegExp): number => (s.match(re) ?? []).length;

/** Checks that tags nest properly (a minimal XML well-formedness check) and returns the root name. */
function checkWellFormed(xml: string): string {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, "");
  const stack: string[] = [];
  let root = "";
  const tagRe = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  for (let m = tagRe.exec(body); m !== null; m = tagRe.exec(body)) {
    const between = body.slice(last, m.index);
    if (/[<>]/.test(between)) throw new Error(`stray markup before offset ${m.index}: ${between}`);
    last = tagRe.lastIndex;
    const [, closing, name, , selfClosing] = m;
    if (closing) {
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}>`);
    } else if (!selfClosing) {
      if (stack.length === 0) {
        if (root !== "") throw new Error("more than one root element");
        root = name;
      }
      stack.push(name);
    }
  }
  if (stack.length !== 0) throw new Error(`unclosed <${stack.join(">, <")}>`);
  if (/[<>]/.test(body.slice(last))) throw new Error("stray markup at the end");
  return root;
}

describe("drawWiring", () => {
  it("draws one circle per neuron and input and one path per synapse, in ncps colours", () => {
    const w = new AutoNCP(16, 4, { seed: 1 }).build(8);
    const svg = drawWiring(w);
    expect(count(svg, /<circle class="neuron /g)).toBe(16 + 8);
    expect(count(svg, /<circle class="neuron sensory"/g)).toBe(8);
    expect(count(svg, /<circle class="neuron inter"/g)).toBe(8);
    expect(count(svg, /<circle class="neuron command"/g)).toBe(4);
    expect(count(svg, /<circle class="neuron motor"/g)).toBe(4);
    expect(count(svg, /<path class="synapse /g)).toBe(w.synapseCount + w.sensorySynapseCount);
    const exc =
      Array.from(w.adjacencyMatrix).filter((v) => v > 0).length +
      Array.from(w.sensoryAdjacencyMatrix ?? []).filter((v) => v > 0).length;
    expect(count(svg, /<path class="synapse excitatory"/g)).toBe(exc);
    for (const colour of ["#bcbd22", "#1f77b4", "#9467bd", "#ff7f0e", "#2ca02c", "#d62728"]) {
      expect(svg).toContain(colour);
    }
    for (const text of [
      "Sensory neurons",
      "Inter neurons",
      "Command neurons",
      "Motor neurons",
      "Excitatory synapse",
      "Inhibitory synapse",
    ]) {
      expect(svg).toContain(`>${text}</text>`);
    }
    expect(svg).toContain('marker-end="url(#ncps-arrow-excitatory)"');
    expect(svg).toContain('marker-end="url(#ncps-arrow-inhibitory)"');
  });

  it("is deterministic: the same wiring gives byte-identical SVG", () => {
    const a = drawWiring(new AutoNCP(19, 4, { seed: 3 }).build(32), { labels: true });
    const b = drawWiring(new AutoNCP(19, 4, { seed: 3 }).build(32), { labels: true });
    expect(a).toBe(b);
  });

  it("single-layer wirings: sensory column and one neuron column, self-loops included", () => {
    const w = new FullyConnected(4, { outputDim: 1 }).build(2);
    const svg = drawWiring(w, { labels: true });
    expect(count(svg, /<circle class="neuron /g)).toBe(6);
    expect(count(svg, /<circle class="neuron motor"/g)).toBe(1);
    expect(count(svg, /<circle class="neuron inter"/g)).toBe(3);
    expect(count(svg, /<path class="synapse /g)).toBe(16 + 8);
    expect(svg).not.toContain("Command neurons");
    expect(svg).toContain(">s1</text>");
    expect(svg).toContain(">3</text>");
    // a self-loop is a cubic curve
    expect(svg).toMatch(/data-synapse="0-0" d="M[^"]* C/);
  });

  it("honours options: colours, no legend, title (escaped)", () => {
    const w = new Random(5, { outputDim: 2, sparsityLevel: 0.5 }).build(2);
    const svg = drawWiring(w, {
      legend: false,
      neuronColors: { inter: "teal" },
      synapseColors: { excitatory: "navy" },
      title: 'a <small> & "quoted" wiring',
    });
    expect(svg).toContain('fill="teal"');
    expect(svg).toContain('stroke="navy"');
    expect(svg).not.toContain("Excitatory synapse");
    expect(svg).toContain("<title>a &lt;small&gt; &amp; &quot;quoted&quot; wiring</title>");
    expect(checkWellFormed(svg)).toBe("svg");
    expect(() => drawWiring(w, { neuronColors: { sensory: "" } })).toThrow(
      /options.neuronColors.sensory: expected a CSS colour string/,
    );
    expect(() =>
      drawWiring(w, { neuronColors: { glia: "red" } as Record<string, string> }),
    ).toThrow(/expected keys sensory, inter, command, motor, got "glia"/);
  });

  it("refuses an unbuilt wiring", () => {
    expect(() => drawWiring(new AutoNCP(16, 4))).toThrow(
      /drawWiring: wiring: expected a built wiring \(call build\(inputDim\) first\), got an unbuilt AutoNCP/,
    );
    expect(() => drawWiring(new Wiring(2))).toThrow(/unbuilt Wiring/);
  });

  it("writes a well-formed SVG file", () => {
    const dir = mkdtempSync(join(tmpdir(), "ncps-draw-"));
    const file = join(dir, "autoncp.svg");
    writeFileSync(file, drawWiring(new AutoNCP(28, 10).build(8), { labels: true }));
    const text = readFileSync(file, "utf8");
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')).toBe(true);
    expect(text).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(checkWellFormed(text)).toBe("svg");
  });

  it("the well-formedness check itself rejects broken markup", () => {
    expect(() => checkWellFormed("<svg><g></svg>")).toThrow();
    expect(() => checkWellFormed("<svg><g/>")).toThrow(/unclosed/);
    expect(checkWellFormed('<svg a="1"><g/><text>x</text></svg>')).toBe("svg");
  });
});
