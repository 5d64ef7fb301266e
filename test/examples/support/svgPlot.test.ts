import { describe, expect, it } from "vitest";
import {
  escapeXml,
  figureSvg,
  formatTick,
  logTicks,
  niceTicks,
} from "../../../examples/support/svgPlot.js";

const polylines = (svg: string): string[] =>
  [...svg.matchAll(/<polyline points="([^"]*)"/g)].map((m) => m[1]);

describe("axis ticks", () => {
  it("niceTicks covers the range in steps of 1, 2 or 5 × 10^k", () => {
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 47)).toEqual([0, 10, 20, 30, 40, 50]);
    expect(niceTicks(-1, 1)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(niceTicks(0.3, 0.7)).toEqual([0.3, 0.4, 0.5, 0.6, 0.7]);
    // A flat series is widened by 10% around its value: [2.7, 3.3] in steps of 0.2.
    expect(niceTicks(3, 3)).toEqual([2.6, 2.8, 3, 3.2, 3.4]);
    expect(() => niceTicks(0, Number.NaN)).toThrow("niceTicks: min and max must be finite");
  });

  it("logTicks gives the decades around a range of exponents", () => {
    expect(logTicks(-3.2, -0.4)).toEqual([-4, -3, -2, -1, 0]);
    expect(logTicks(-2, -2)).toEqual([-2, -1]);
  });

  it("formatTick keeps labels short", () => {
    expect(formatTick(0)).toBe("0");
    expect(formatTick(0.25)).toBe("0.25");
    expect(formatTick(1200)).toBe("1200");
    expect(formatTick(1e-3)).toBe("1e-3");
    expect(formatTick(2.5e6)).toBe("2.5e+6");
  });
});

describe("figureSvg", () => {
  it("maps data to the plot area (x: 62..464 px, y: 232..34 px for one 480 x 300 panel)", () => {
    const svg = figureSvg([{ title: "t", series: [{ label: "a", y: [0, 1] }] }]);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="480" height="300"')).toBe(
      true,
    );
    expect(polylines(svg)).toEqual(["62.0,232.0 464.0,34.0"]);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
  });

  it("breaks lines at non-finite points and drops non-positive values on a log axis", () => {
    const svg = figureSvg([
      { title: "gaps", series: [{ label: "a", y: [1, Number.NaN, 2, 3] }] },
      { title: "log", logY: true, series: [{ label: "b", y: [1, 0, 0.1, 0.01] }] },
    ]);
    // Each panel: a dot for the lone first point, a line through the last two.
    expect(polylines(svg).map((p) => p.split(" ").length)).toEqual([2, 2]);
    expect(svg.match(/<circle /g)?.length).toBe(2);
  });

  it("lays panels out in a grid with a title, and escapes text", () => {
    const panel = { title: "a < b & c", series: [{ label: '"q"', y: [1, 2] }] };
    const svg = figureSvg([panel, panel, panel], { columns: 2, title: "T" });
    expect(svg).toContain('width="960" height="630"');
    expect(svg).toContain("a &lt; b &amp; c");
    expect(svg).toContain("&quot;q&quot;");
    expect(svg).not.toContain("a < b");
    expect(svg.match(/<g transform="translate\(/g)?.length).toBe(3);
    expect(svg).toContain("translate(480,30)");
    expect(svg).toContain("translate(0,330)");
  });

  it("reports series with mismatched x and y, and an empty figure", () => {
    expect(() =>
      figureSvg([{ title: "t", series: [{ label: "s", x: [1, 2, 3], y: [1, 2] }] }]),
    ).toThrow('figureSvg: series "s" has 3 x values but 2 y values');
    expect(() => figureSvg([])).toThrow("figureSvg: panels must not be empty");
    expect(escapeXml("<&>")).toBe("&lt;&amp;&gt;");
  });
});
