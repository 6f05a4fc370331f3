/**
 * Customer 360 (H3) for the console. Importing this module registers the strings and the tags:
 *   <yk-customer-search> — the 客户 Customers section;
 *   <yk-customer-360 .visitorId> — one customer (the shell's drawer on `yk-open-customer`).
 * Elsewhere in the console, "客户档案 / Customer profile" links fire `yk-open-customer` {visitorId}.
 */
import "./strings.ts";
import "./customer-360.ts";
import "./customer-search.ts";
