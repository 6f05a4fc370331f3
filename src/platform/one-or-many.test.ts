import { describe, expect, it } from "bun:test";
import { createOneOrManyMap } from "./one-or-many.ts";

const values = <K, V>(m: ReturnType<typeof createOneOrManyMap<K, V>>, key: K) => {
  const out: V[] = [];
  m.each(key, (v) => out.push(v));
  return out;
};

describe("one-or-many map", () => {
  it("keeps each key's values in order, drops only the one deleted, and forgets an emptied key", () => {
    const m = createOneOrManyMap<number, string>();
    expect(values(m, 1)).toEqual([]);
    m.add(1, "a");
    expect(values(m, 1)).toEqual(["a"]);
    m.add(1, "b");
    m.add(1, "c");
    m.add(2, "x");
    expect(values(m, 1)).toEqual(["a", "b", "c"]);
    m.delete(1, "b");
    expect(values(m, 1)).toEqual(["a", "c"]);
    m.delete(1, "zzz"); // not there: nothing changes
    expect(values(m, 1)).toEqual(["a", "c"]);
    m.delete(1, "a");
    m.delete(1, "c");
    expect(values(m, 1)).toEqual([]);
    expect(values(m, 2)).toEqual(["x"]);
  });

  it("lets a value be deleted while going through the values", () => {
    const m = createOneOrManyMap<number, string>();
    m.add(1, "a");
    m.add(1, "b");
    const seen: string[] = [];
    m.each(1, (v) => {
      seen.push(v);
      m.delete(1, v);
    });
    expect(seen).toEqual(["a", "b"]);
    expect(values(m, 1)).toEqual([]);
  });

  it("goes through the values of every key, each once, even as they are deleted", () => {
    const m = createOneOrManyMap<number, string>();
    m.add(1, "a");
    m.add(1, "b");
    m.add(2, "x");
    const seen: string[] = [];
    m.eachOfAll((v) => {
      seen.push(v);
      m.delete(v === "x" ? 2 : 1, v);
    });
    expect(seen.sort()).toEqual(["a", "b", "x"]);
    expect([...values(m, 1), ...values(m, 2)]).toEqual([]);
  });
});
