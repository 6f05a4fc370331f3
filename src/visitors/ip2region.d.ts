// The geo databases are imported `with { type: "file" }` so that `bun build --compile` embeds
// them in the executable; such an import yields the file's path (on disk in development,
// under /$bunfs in the binary), which is what these declarations tell TypeScript.
declare module "ip2region/data/ip2region.db" {
  const path: string;
  export default path;
}
declare module "ip2region/data/ipv6wry.db" {
  const path: string;
  export default path;
}
