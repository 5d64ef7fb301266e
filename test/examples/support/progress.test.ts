import { describe, expect, it } from "vitest";
import { formatDuration, Progress, renderBar } from "../../../examples/support/progress.js";

/** A sink that records writes, and a clock the test moves by hand. */
function harness(isTTY: boolean) {
  const writes: string[] = [];
  let t = 0;
  const sink = { isTTY, write: (s: string) => writes.push(s) };
  return { writes, sink, now: () => t, advance: (ms: number) => (t += ms) };
}

describe("formatDuration and renderBar", () => {
  it("formats seconds as m:ss or h:mm:ss", () => {
    expect(formatDuration(0)).toBe("0:00");
    expect(formatDuration(75.2)).toBe("1:15");
    expect(formatDuration(3725)).toBe("1:02:05");
    expect(formatDuration(Number.NaN)).toBe("--:--");
  });

  it("fills the bar in proportion", () => {
    expect(renderBar(0.5, 10)).toBe("[#####-----]");
    expect(renderBar(1.7, 4)).toBe("[####]");
    expect(renderBar(-1, 4)).toBe("[----]");
  });
});

describe("Progress", () => {
  it("on a terminal redraws one line with bar, rate and time left", () => {
    const h = harness(true);
    const p = new Progress({ total: 100, label: "steps", sink: h.sink, now: h.now });
    h.advance(2000);
    p.update(25, "loss 0.5");
    // 25 steps in 2 s: 12.5/s, 75 left → 6 s.
    expect(h.writes[0]).toBe(
      "\rsteps [######------------------]  25% 25/100 12.5/s 0:02 elapsed, 0:06 left  loss 0.5\x1b[K",
    );
    h.advance(50);
    p.update(26); // within the redraw interval: not drawn
    expect(h.writes.length).toBe(1);
    h.advance(100);
    p.finish("done");
    // 26 steps in 2.15 s: 12.1/s, 74 left → 6 s.
    expect(h.writes[1]).toBe(
      "\rsteps [######------------------]  26% 26/100 12.1/s 0:02 elapsed, 0:06 left  done\x1b[K\n",
    );
  });

  it("in a log writes a plain line at every tenth and a last line", () => {
    const h = harness(false);
    const p = new Progress({ total: 20, label: "batches", sink: h.sink, now: h.now });
    for (let i = 1; i <= 20; i++) {
      h.advance(100);
      p.update(i);
    }
    expect(h.writes.length).toBe(10);
    expect(h.writes[0]).toBe("batches  10% 2/20 10.0/s 0:00 elapsed, 0:02 left\n");
    expect(h.writes[9]).toBe("batches 100% 20/20 10.0/s 0:02 elapsed, 0:00 left\n");
    p.finish();
    expect(h.writes.length).toBe(10);
  });

  it("rejects a bad total", () => {
    expect(() => new Progress({ total: 0, label: "x" })).toThrow(
      "Progress: total must be an integer >= 1, got 0",
    );
  });
});
