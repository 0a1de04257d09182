// CIDR allow-list entries for network restrictions, checked before any API call (pure).
import net from "node:net";

const PRIVATE = new net.BlockList();
PRIVATE.addSubnet("10.0.0.0", 8, "ipv4");
PRIVATE.addSubnet("172.16.0.0", 12, "ipv4");
PRIVATE.addSubnet("192.168.0.0", 16, "ipv4");
PRIVATE.addSubnet("127.0.0.0", 8, "ipv4");
PRIVATE.addSubnet("169.254.0.0", 16, "ipv4");
PRIVATE.addSubnet("fc00::", 7, "ipv6");
PRIVATE.addSubnet("fe80::", 10, "ipv6");
PRIVATE.addAddress("::1", "ipv6");

/** Why `entry` is not a usable `family` CIDR, or undefined when it is. */
export function cidrProblem(entry: string, family: "ipv4" | "ipv6"): string | undefined {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(entry.trim());
  const max = family === "ipv4" ? 32 : 128;
  const label = family === "ipv4" ? "an IPv4 CIDR like 203.0.113.0/24" : "an IPv6 CIDR like 2001:db8::/32";
  if (!match) return `${JSON.stringify(entry)} is not ${label}`;
  const [, address, bits] = match as unknown as [string, string, string];
  if (net.isIP(address) !== (family === "ipv4" ? 4 : 6) || Number(bits) > max) return `${JSON.stringify(entry)} is not ${label}`;
  if (Number(bits) > 0 && PRIVATE.check(address, family)) return `${JSON.stringify(entry)} is a private range; network restrictions apply to public addresses`;
  return undefined;
}

/** Order and duplicates do not matter to the API. */
export function normaliseCidrs(list: readonly string[]): string[] {
  return [...new Set(list.map((c) => c.trim()))].sort();
}

/** Does the allow-list let every address in? ("No restriction" = 0.0.0.0/0 and ::/0, docs network-restrictions.) */
function allowsAll(list: readonly string[], family: "ipv4" | "ipv6"): boolean {
  return list.some((c) => c.trim() === (family === "ipv4" ? "0.0.0.0/0" : "::/0"));
}

/**
 * Pure: why applying this allow-list would lock out the machine running `up` (its public
 * addresses, from SUPASTACK_DEPLOYER_IP), or undefined when it would not or the user accepts it.
 * Without the machine's address supastack cannot tell, and says how to tell it.
 */
export function lockoutProblem(ipv4: readonly string[], ipv6: readonly string[], deployer: readonly string[], allowLockout: boolean): string | undefined {
  if (allowLockout) return undefined;
  if (deployer.length === 0) {
    if (allowsAll(ipv4, "ipv4") && allowsAll(ipv6, "ipv6")) return undefined;
    return (
      "would restrict the database to these addresses, and supastack cannot tell whether the machine running 'up' is among them; " +
      "set SUPASTACK_DEPLOYER_IP to this machine's public address(es) (comma-separated), or supastack:supabase.networkRestrictions.allowLockout: true " +
      "if this machine may lose database access (later up, verify and seed from here then fail)"
    );
  }
  const allowed = new net.BlockList();
  for (const c of [...ipv4.map((x) => [x, "ipv4"] as const), ...ipv6.map((x) => [x, "ipv6"] as const)]) {
    const [address, bits] = c[0].trim().split("/") as [string, string];
    allowed.addSubnet(address, Number(bits), c[1]);
  }
  const outside = deployer.filter((a) => {
    const family = net.isIP(a.trim());
    return family === 0 || !allowed.check(a.trim(), family === 4 ? "ipv4" : "ipv6");
  });
  if (outside.length === 0) return undefined;
  return (
    `would lock out the machine running 'up' (SUPASTACK_DEPLOYER_IP ${outside.join(", ")} is in no allowed range): add it to the list, ` +
    `or set supastack:supabase.networkRestrictions.allowLockout: true if this machine may lose database access`
  );
}
