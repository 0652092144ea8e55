// IP addresses and CIDR ranges for IpAddress / NotIpAddress (IAM User Guide › Condition operators › IP
// address condition operators): IPv4 `203.0.113.0/24` and IPv6 `2001:DB8:1234:5678::/64`; an address
// without a prefix means /32 (IPv4) or /128 (IPv6). Ranges are parsed once when a policy is compiled.
// IPv4 addresses are numbers; IPv6 addresses are bigints (128 bits do not fit a double).

export type IpAddress = { family: 4; value: number } | { family: 6; value: bigint };

export type CidrRange =
  | { family: 4; network: number; mask: number; prefix: number; text: string }
  | { family: 6; network: bigint; prefix: number; text: string };

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function parseIpv4(text: string): number | undefined {
  const match = IPV4.exec(text);
  if (!match) return undefined;
  let value = 0;
  for (let index = 1; index <= 4; index++) {
    const octet = Number(match[index]);
    if (octet > 255 || (match[index].length > 1 && match[index][0] === "0")) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

const HEXTET = /^[0-9a-fA-F]{1,4}$/;

function parseIpv6(text: string): bigint | undefined {
  if (text.length < 2 || text.length > 45) return undefined;
  const doubleColon = text.indexOf("::");
  if (doubleColon !== text.lastIndexOf("::")) return undefined;
  const head = doubleColon < 0 ? text : text.slice(0, doubleColon);
  const tail = doubleColon < 0 ? "" : text.slice(doubleColon + 2);
  const headParts = head === "" ? [] : head.split(":");
  const tailParts = tail === "" ? [] : tail.split(":");

  // An embedded IPv4 tail (`::ffff:192.0.2.1`) stands for the last two hextets.
  const words: number[] = [];
  const pushParts = (parts: string[], target: number[]): boolean => {
    for (let index = 0; index < parts.length; index++) {
      const part = parts[index];
      if (index === parts.length - 1 && part.includes(".")) {
        const v4 = parseIpv4(part);
        if (v4 === undefined) return false;
        target.push(Math.floor(v4 / 65536), v4 % 65536);
      } else {
        if (!HEXTET.test(part)) return false;
        target.push(parseInt(part, 16));
      }
    }
    return true;
  };
  const headWords: number[] = [];
  const tailWords: number[] = [];
  if (!pushParts(headParts, headWords)) return undefined;
  if (!pushParts(tailParts, tailWords)) return undefined;
  if (headParts.some((part) => part.includes(".")) && tailParts.length > 0) return undefined;
  if (doubleColon < 0) {
    if (headWords.length !== 8) return undefined;
    words.push(...headWords);
  } else {
    const missing = 8 - headWords.length - tailWords.length;
    if (missing < 1) return undefined;
    words.push(...headWords, ...new Array<number>(missing).fill(0), ...tailWords);
  }
  let value = 0n;
  for (const word of words) value = (value << 16n) | BigInt(word);
  return value;
}

export function parseIpAddress(text: string): IpAddress | undefined {
  const trimmed = text.trim();
  if (trimmed.includes(":")) {
    const value = parseIpv6(trimmed);
    return value === undefined ? undefined : { family: 6, value };
  }
  const value = parseIpv4(trimmed);
  return value === undefined ? undefined : { family: 4, value };
}

const IPV6_ALL_ONES = (1n << 128n) - 1n;

export function parseCidr(text: string): CidrRange | undefined {
  const trimmed = text.trim();
  const slash = trimmed.indexOf("/");
  const addressText = slash < 0 ? trimmed : trimmed.slice(0, slash);
  const prefixText = slash < 0 ? undefined : trimmed.slice(slash + 1);
  const address = parseIpAddress(addressText);
  if (!address) return undefined;
  const maxPrefix = address.family === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = prefixText === undefined ? maxPrefix : Number(prefixText);
  if (prefix > maxPrefix) return undefined;
  if (address.family === 4) {
    // `>>> 0` keeps the mask unsigned; a shift by 32 is a no-op in JavaScript, hence the special case.
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    return { family: 4, network: (address.value & mask) >>> 0, mask, prefix, text: trimmed };
  }
  const mask = prefix === 0 ? 0n : (IPV6_ALL_ONES << BigInt(128 - prefix)) & IPV6_ALL_ONES;
  return { family: 6, network: address.value & mask, prefix, text: trimmed };
}

export function cidrContains(range: CidrRange, address: IpAddress): boolean {
  if (range.family === 4) {
    return address.family === 4 && (address.value & range.mask) >>> 0 === range.network;
  }
  if (address.family !== 6) return false;
  if (range.prefix === 0) return true;
  const shift = BigInt(128 - range.prefix);
  return address.value >> shift === range.network >> shift;
}
