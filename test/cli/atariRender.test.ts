/**
 * `ncps atari --render` plays closed-loop: greedy actions, the CfC state carried between steps
 * and reset to zeros at every episode end. The expected actions come from replaying the
 * checkpoint's policy on a freshly seeded env, written out here step by step.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { AtariIO } from "../../src/cli/atari/io.js";
import { runAtari } from "../../src/cli/commands/atari.js";
import { loadCheckpoint } from "../../src/io/checkpoint.js";
import { ActorCritic } from "../../src/rl/models/index.js";
import { makeEnv } from "../../src/rl/registry.js";
import { Tensor } from "../../src/tensor/tensor.js";

const root = mkdtempSync(join(tmpdir(), "ncps-render-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function capture() {
  const state = { out: "", err: "" };
  const io: AtariIO = {
    out: (t) => {
      state.out += t;
    },
    err: (t) => {
      state.err += t;
    },
    isTTY: false,
    now: () => performance.now(),
    sleep: async () => {},
    onInterrupt: () => () => {},
  };
  return { io, state };
}

describe("ncps atari --render", () => {
  it("acts greedily with the state carried and reset at episode ends", async () => {
    const args = ["--env", "CartPole-v1", "--dir", root, "--seed", "4"];
    const train = capture();
    const trainArgs = [
      ...args,
      "--envs",
      "2",
      "--rollout",
      "16",
      "--minibatch",
      "32",
      "--units",
      "8",
      "--steps",
      "32",
    ];
    expect(await runAtari(trainArgs, train.io), train.state.err).toBe(0);
    const play = capture();
    expect(
      await runAtari(
        [...args, "--cont", "1", "--render", "--episodes", "3", "--fps", "0"],
        play.io,
      ),
    ).toBe(0);
    const shown = [...play.state.out.matchAll(/CartPole-v1 {2}step \d+ {2}action (\d)/g)].map((m) =>
      Number(m[1]),
    );
    expect(play.state.out).toMatch(/played 3 games: mean return \d+\.\d \(greedy policy\)\n$/);

    const ckpt = await loadCheckpoint(join(root, "CartPole-v1", "checkpoint-1"));
    const net = ActorCritic.fromConfig({
      class: "ActorCritic",
      spec: (ckpt.config as { model: unknown }).model,
    });
    net.loadStateDict(
      Object.fromEntries(
        Object.entries(ckpt.tensors).map(([k, v]) => [
          k,
          { shape: v.shape, data: v.data as Float32Array },
        ]),
      ),
    );
    const env = makeEnv("CartPole-v1");
    let obs = env.reset({ seed: 4 }).observation;
    let h = new Tensor(new Float32Array(8), [1, 8]);
    const expected: number[] = [];
    let episodes = 0;
    while (episodes < 3) {
      const out = net.forward({ data: obs, batch: 1, time: 1 }, h);
      const [l0, l1] = out.logits.data;
      const action = l1 > l0 ? 1 : 0;
      expected.push(action);
      const s = env.step(action);
      if (s.terminated || s.truncated) {
        episodes++;
        obs = env.reset().observation;
        h = new Tensor(new Float32Array(8), [1, 8]);
      } else {
        obs = s.observation;
        h = out.state ?? h;
      }
    }
    expect(shown).toEqual(expected);
  });
});
