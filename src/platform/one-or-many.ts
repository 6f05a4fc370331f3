/**
 * A map from a key to one or more values that stores a lone value bare: nearly every visitor has
 * one channel, and thousands sit idle, so a Set or array per key would be memory for nothing.
 * An array appears only for a second value (several tabs) and goes again with it.
 */
export function createOneOrManyMap<K, V>() {
  const entries = new Map<K, V | V[]>();
  const all = (held: V | V[] | undefined): V[] => (held === undefined ? [] : Array.isArray(held) ? [...held] : [held]);
  return {
    add(key: K, value: V) {
      const held = entries.get(key);
      entries.set(key, held === undefined ? value : Array.isArray(held) ? [...held, value] : [held, value]);
    },
    delete(key: K, value: V) {
      const rest = all(entries.get(key)).filter((v) => v !== value);
      if (rest.length > 1) entries.set(key, rest);
      else if (rest.length === 1) entries.set(key, rest[0]);
      else entries.delete(key);
    },
    /** Calls `fn` for each value of `key`; `fn` may add or delete values (it walks a snapshot). */
    each(key: K, fn: (value: V) => void) {
      const held = entries.get(key);
      if (held === undefined) return;
      // A lone value needs no copy: this runs for every frame sent to a visitor.
      if (Array.isArray(held)) for (const v of [...held]) fn(v);
      else fn(held);
    },
    /** Calls `fn` for every value of every key; `fn` may add or delete values (it walks a snapshot). */
    eachOfAll(fn: (value: V) => void) {
      const values: V[] = [];
      for (const held of entries.values()) Array.isArray(held) ? values.push(...held) : values.push(held);
      for (const v of values) fn(v);
    },
  };
}
